/**
 * Transfer to an agent: a FreeSWITCH user/gateway (`bridge`) or a mod_callcenter queue. Outside
 * agent hours, or when no agent takes the call, the caller leaves a message that becomes a ticket.
 */
import type { Event } from 'modesl';
import { isWithin } from './office-hours.js';
import { play, type CallContext } from './call-context.js';
import { recordTicket, speakTicketNumber } from './record-ticket.js';

export async function transferToAgent(call: CallContext): Promise<void> {
  if (!isWithin(call.config.agentHours, call.clock.now())) return leaveMessage(call, 'after_hours');
  const target = call.config.agentTarget;
  let answered = false;
  call.channel.onBridge((event: Event) => {
    if (answered) return;
    answered = true;
    call.record.event('agent_answered', { agent: agentName(event, target) });
  });
  await play(call, 'transfer');
  await call.channel.execute('set', 'hangup_after_bridge=true');
  call.record.event('queued', { target });
  if (target.startsWith('callcenter:')) await call.channel.execute('callcenter', target.slice('callcenter:'.length));
  else await call.channel.execute('bridge', target);
  if (!answered && !call.channel.hungUp) await leaveMessage(call, 'agents_unavailable');
}

/** A message for the centre: recorded, filed as a ticket, its number read back. */
async function leaveMessage(call: CallContext, introPrompt: 'after_hours' | 'agents_unavailable'): Promise<void> {
  const outcome = await recordTicket(call, introPrompt);
  if (outcome.kind === 'ticket') {
    call.record.event('message_left', { ticketId: outcome.ticket.id });
    await speakTicketNumber(call, 'message_saved', outcome.ticket.number);
  } else if (outcome.kind === 'pending') {
    call.record.event('message_left');
    await play(call, 'report_pending');
  } else if (outcome.kind === 'nothing_recorded') {
    await play(call, 'report_empty');
  }
}

/** The agent as the console knows them: mod_callcenter's agent name, else the bridged extension. */
function agentName(event: Event, target: string): string {
  return (
    event.getHeader('variable_cc_agent') ?? event.getHeader('Other-Leg-Destination-Number') ?? event.getHeader('Other-Leg-Caller-ID-Number') ?? target
  );
}
