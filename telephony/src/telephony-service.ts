/**
 * The telephony service: the IVR behind FreeSWITCH's outbound socket, the connection into
 * FreeSWITCH for originating callbacks, and the `hotline-callbacks` worker. FreeSWITCH may start
 * later or restart: the IVR just waits for calls and the control connection keeps retrying.
 */
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Clock } from '../../server/src/config/clock.js';
import { connectionFrom, startWorker } from '../../server/src/queue/jobs.js';
import { callbackJob as callbackJobShape } from '../../server/src/hotline/callbacks.js';
import { CallJournal } from './api/call-journal.js';
import { HotlineApi } from './api/hotline-api.js';
import { CallbackCalls, CALLBACK_ID_VARIABLE } from './callbacks/callback-calls.js';
import { callbackJob } from './callbacks/callback-job.js';
import type { TelephonyConfig } from './config.js';
import { FreeswitchControl } from './esl/freeswitch-control.js';
import { handleHotlineCall } from './ivr/hotline-call.js';
import { IvrServer } from './ivr/ivr-server.js';
import { buildPrompts, readPromptTexts } from './prompts/build-prompts.js';
import { PromptLibrary } from './prompts/prompt-library.js';

export interface RunningTelephony {
  /** The address FreeSWITCH's dialplan `socket` application must point at. */
  outboundAddress: string;
  ivr: IvrServer;
  freeswitch: FreeswitchControl;
  journal: CallJournal;
  stop(): Promise<void>;
}

export async function runTelephony(config: TelephonyConfig, options: { clock: Clock; logger: Logger }): Promise<RunningTelephony> {
  const { clock } = options;
  const logger = options.logger.child({ service: 'telephony' });
  await buildPrompts(config.promptsDir, (line) => logger.info(line));
  const prompts = new PromptLibrary(config.promptsDir, new Set(Object.keys(await readPromptTexts())));
  const api = new HotlineApi(config.api);
  const journal = new CallJournal({ dir: config.journalDir, api, retry: config.retry, clock, logger });
  // Calls a previous run left undelivered go out in the background while new calls come in.
  void journal.recover().then((count) => count && logger.warn({ count }, 'recovered calls interrupted by a restart'));

  const freeswitch = new FreeswitchControl(config.inboundSocket, config.retry, logger);
  const callbacks = new CallbackCalls();
  const deps = { config, api, prompts, clock, logger };
  const ivr = await IvrServer.listen(
    config.outboundSocket,
    (channel) => (channel.variable(CALLBACK_ID_VARIABLE) ? callbacks.handle(channel, deps) : handleHotlineCall(channel, { ...deps, journal })),
    logger,
  );
  freeswitch.start();

  const queue = new Queue(callbackJobShape.queue, { connection: connectionFrom(config.redisUrl), prefix: config.queuePrefix });
  const worker = startWorker(
    config.redisUrl,
    callbackJobShape.queue,
    [callbackJob({ config, api, freeswitch, socketAddress: ivr.address, calls: callbacks, queue, clock, logger })],
    logger,
    config.queuePrefix,
  );
  logger.info({ outboundSocket: ivr.address, esl: freeswitch.address }, 'telephony service started');
  return {
    outboundAddress: ivr.address,
    ivr,
    freeswitch,
    journal,
    async stop() {
      await worker.close();
      await queue.close();
      freeswitch.stop();
      await ivr.close();
    },
  };
}
