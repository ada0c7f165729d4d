/**
 * A citizen's call to 12319, from answer to hangup: the menu (1 report, 2 progress, 0 agent;
 * a wrong or missing key repeats the menu twice, then the caller goes to an agent) and every
 * step posted to the server as a call event, in order, through the call's journal.
 */
import type { CallJournal } from '../api/call-journal.js';
import { CallEnded, type CallChannel } from '../esl/call-channel.js';
import { transferToAgent } from './agent-transfer.js';
import { collectDigits, play, type CallContext, type IvrDeps } from './call-context.js';
import { queryProgress } from './progress-query.js';
import { recordTicket, speakTicketNumber } from './record-ticket.js';

const MENU_TRIES = 3;

export async function handleHotlineCall(channel: CallChannel, deps: IvrDeps & { journal: CallJournal }): Promise<void> {
  const callerNumber = (channel.info('Caller-Caller-ID-Number') ?? '').replace(/\D/g, '');
  const record = await deps.journal.open({
    callId: channel.uuid,
    callerNumber,
    calledNumber: channel.info('Caller-Destination-Number') ?? '',
    startedAt: deps.clock.now().toISOString(),
  });
  const call: CallContext = { ...deps, channel, record, callerNumber };
  try {
    await channel.execute('answer');
    record.event('answered');
    await play(call, 'welcome');
    await route(call, await menu(call));
    await play(call, 'goodbye');
  } catch (error) {
    if (!(error instanceof CallEnded)) deps.logger.error({ callId: channel.uuid, err: error }, 'IVR step failed');
  } finally {
    await channel.close();
    record.event('ended', { cause: await endCause(channel) });
  }
  await record.finish();
}

/** The caller's choice, or 'agent' after three tries without a valid key. */
async function menu(call: CallContext): Promise<'1' | '2' | '0' | 'agent'> {
  for (let attempt = 1; attempt <= MENU_TRIES; attempt++) {
    const input = await collectDigits(call, { min: 1, max: 1, prompt: [call.prompts.file('menu')], pattern: '^[120]$', variable: `hotline_menu_${attempt}` });
    if ('digits' in input) {
      call.record.event('menu', { choice: input.digits });
      return input.digits as '1' | '2' | '0';
    }
    call.record.event('menu', { choice: input.failure });
    await play(call, input.failure === 'invalid' ? 'invalid' : 'no_input');
  }
  return 'agent';
}

async function route(call: CallContext, choice: '1' | '2' | '0' | 'agent'): Promise<void> {
  if (choice === '1') return reportByPhone(call);
  if (choice === '2' && (await queryProgress(call))) return;
  await transferToAgent(call);
}

async function reportByPhone(call: CallContext): Promise<void> {
  const outcome = await recordTicket(call, 'report_intro');
  if (outcome.kind === 'ticket') await speakTicketNumber(call, 'report_saved', outcome.ticket.number);
  else if (outcome.kind === 'pending') await play(call, 'report_pending');
  else if (outcome.kind === 'nothing_recorded') {
    await play(call, 'report_empty');
    await transferToAgent(call);
  }
}

/** FreeSWITCH's hangup cause when it told us; our own hangup otherwise. */
async function endCause(channel: CallChannel): Promise<string> {
  return channel.hungUp ? channel.whenEnded() : 'NORMAL_CLEARING';
}
