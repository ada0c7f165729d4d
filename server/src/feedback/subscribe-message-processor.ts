/**
 * Tells citizens by WeChat subscribe message when a case they follow (as reporter or follower)
 * takes a step that matters to them, or when their report earned a reward. Each message spends
 * one of the citizen's credits for its template and is written as a row unique per (event,
 * citizen, template) before it is sent, so a redelivered event sends nothing twice.
 *
 * It reads what the processors before it wrote for the same event (the public step, the reward
 * credit): workers.ts lists it after them, and one event's processors run in that order.
 */
import type { Config } from '../config/config.js';
import type { Clock } from '../config/clock.js';
import type { Db } from '../db/database.js';
import type { DomainEvent, EventProcessor } from '../queue/outbox.js';
import { findCase } from '../cases/queries.js';
import { CASE_NOTICES, caseNoticeData, REWARD_NOTICE_TOPIC, rewardNoticeData } from './subscribe-notices.js';
import {
  claimSubscribeMessage,
  findProgressOfEvent,
  finishSubscribeMessage,
  listCaseSubscribers,
  listRewardsOfEvent,
  listUnsentMessageIds,
  lockUnsentMessage,
  type NewSubscribeMessage,
  type UnsentMessage,
} from './subscription-queries.js';
import type { SendOutcome, SubscribeMessageSender } from './wechat-subscribe-client.js';

type Planned = Omit<NewSubscribeMessage, 'eventId' | 'createdAt'>;

export class SubscribeMessageProcessor implements EventProcessor {
  static readonly topics: readonly string[] = Object.keys(CASE_NOTICES);
  readonly topics = SubscribeMessageProcessor.topics;

  /** `sender` is null in demo mode (no WeChat app): messages are recorded as skipped_demo. */
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: Pick<Config, 'miniapp'>,
    private readonly sender: SubscribeMessageSender | null,
  ) {}

  async handle(event: DomainEvent): Promise<void> {
    const planned = [...(await this.caseNotices(event)), ...(await this.rewardNotices(event))];
    for (const message of planned) {
      await this.db.transaction().execute((trx) => claimSubscribeMessage(trx, { ...message, eventId: event.id, createdAt: this.clock.now() }));
    }
    const failures: string[] = [];
    for (const id of await listUnsentMessageIds(this.db, event.id)) {
      await this.deliver(id).catch((error: Error) => failures.push(error.message));
    }
    // Passing trouble: the job retries, and only the messages still unsent go out again.
    if (failures.length > 0) throw new Error(`event ${event.id}: ${failures.length} subscribe message(s) not sent yet: ${failures[0]}`);
  }

  /** The step's message to every follower of the case who holds a credit for its template. */
  private async caseNotices(event: DomainEvent): Promise<Planned[]> {
    const notice = CASE_NOTICES[event.topic];
    // No public step (a re-dispatch, say) means nothing new to tell.
    const step = notice && (await findProgressOfEvent(this.db, event.id));
    if (!step) return [];
    const theCase = await findCase(this.db, step.caseId);
    if (!theCase) throw new Error(`event ${event.id}: case ${step.caseId} not found`);
    const templateId = this.config.miniapp.subscribeTemplates[notice.purpose];
    const data = caseNoticeData(event.topic, { caseId: step.caseId, categoryName: theCase.categoryName, at: new Date(step.at), publicReason: step.reason });
    const subscribers = await listCaseSubscribers(this.db, step.caseId, templateId);
    return subscribers.map(({ citizenId }) => ({ citizenId, templateId, caseId: step.caseId, data }));
  }

  private async rewardNotices(event: DomainEvent): Promise<Planned[]> {
    const caseId = event.payload.caseId;
    if (event.topic !== REWARD_NOTICE_TOPIC || typeof caseId !== 'number') return [];
    const templateId = this.config.miniapp.subscribeTemplates.reward;
    const rewards = await listRewardsOfEvent(this.db, caseId, event.id);
    return rewards.map((reward) => ({ citizenId: reward.citizenId, templateId, caseId, data: rewardNoticeData(caseId, Number(reward.amountFen)) }));
  }

  /** Sends one message while holding its row, and records the answer in the same transaction. */
  private async deliver(id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const message = await lockUnsentMessage(trx, id);
      if (!message) return;
      const outcome = await this.send(message);
      await finishSubscribeMessage(trx, message, outcome, this.clock.now());
    });
  }

  private async send(message: UnsentMessage) {
    if (!this.sender) return { status: 'skipped_demo', errcode: null, refundCredit: false } as const;
    // Credits come only with a WeChat login; a citizen without an openid (a hotline caller) cannot be told.
    if (!message.openid) return { status: 'failed', errcode: null, refundCredit: false } as const;
    const outcome: SendOutcome = await this.sender.send({ openid: message.openid, templateId: message.templateId, page: this.config.miniapp.subscribePage, data: JSON.parse(message.dataJson) });
    if (outcome.kind === 'sent') return { status: 'sent', errcode: null, refundCredit: false } as const;
    // 43101: the user withdrew the acceptance, so the credit is gone with it; never retried.
    if (outcome.kind === 'refused') return { status: 'refused', errcode: outcome.errcode, refundCredit: false } as const;
    // WeChat did not use the acceptance: the citizen keeps the credit for the next step.
    return { status: 'failed', errcode: outcome.errcode, refundCredit: true } as const;
  }
}
