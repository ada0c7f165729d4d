/** Every server call the mini program makes, typed by the contract. */
import Taro from '@tarojs/taro';
import { api, uploadPhoto } from './client';
import { ApiError } from './errors';
import type {
  CaseRating,
  Category,
  CoordSystem,
  GridLookup,
  MiniappConfig,
  MyReportsPage,
  MyRewards,
  NearbyOpenCase,
  PayoutChannel,
  PayoutPreference,
  PendingTransfer,
  Photo,
  Rating,
  Report,
  ReportSummary,
  RewardRules,
  SubmitReportInput,
  SubscribeResult,
  SubscriptionCredits,
} from './contract';

export interface Point {
  lat: number;
  lng: number;
  coordSystem: CoordSystem;
}

let config: Promise<MiniappConfig> | null = null;
let loadedConfig: MiniappConfig | null = null;

/** The public configuration (demo mode, subscribe templates), fetched once per launch. */
export function loadConfig(): Promise<MiniappConfig> {
  config ??= api<MiniappConfig>('GET', '/miniapp/config', { auth: false }).then(
    (loaded) => (loadedConfig = loaded),
    (error) => {
      config = null;
      throw error;
    },
  );
  return config;
}

/** The configuration if already loaded: for code that may not wait (a tap handler's WeChat dialog). */
export function configNow(): MiniappConfig | null {
  return loadedConfig;
}

let categories: Promise<Category[]> | null = null;
/** The last list the server gave, so a launch with no network can still fill in a report for the outbox. */
const KEPT_CATEGORIES = 'categories.v1';

export const citizenApi = {
  /**
   * The 部件/事件 list, fetched once per launch; with no answer, the list kept from an earlier
   * launch (the launch asks again next time). A category retired since is refused on sending,
   * in Chinese, and the outbox entry says so.
   */
  categories: () => {
    categories ??= api<{ categories: Category[] }>('GET', '/categories', { auth: false }).then(
      (body) => {
        Taro.setStorageSync(KEPT_CATEGORIES, body.categories);
        return body.categories;
      },
      (error) => {
        categories = null;
        const kept = Taro.getStorageSync<Category[]>(KEPT_CATEGORIES);
        if (error instanceof ApiError && error.isRetryable && kept?.length) return kept;
        throw error;
      },
    );
    return categories;
  },
  lookupGrid: (point: Point) => api<GridLookup>('GET', '/grids/lookup', { query: { ...point }, auth: false }),
  nearbyOpen: (categoryCode: string, point: Point) =>
    api<{ cases: NearbyOpenCase[] }>('GET', '/cases/nearby-open', { query: { categoryCode, ...point } }).then((body) => body.cases),
  follow: (caseId: number) => api<{ report: Report }>('POST', `/cases/${caseId}/follow`).then((body) => body.report),
  uploadPhoto: (filePath: string) => uploadPhoto<{ photo: Photo }>(filePath).then((body) => body.photo),
  submitReport: (idempotencyKey: string, input: SubmitReportInput) =>
    api<{ report: Report }>('POST', '/reports', { body: input, headers: { 'Idempotency-Key': idempotencyKey } }).then((body) => body.report),
  myReports: (before?: number) => api<MyReportsPage>('GET', '/reports/mine', { query: { before, limit: 10 } }),
  summary: () => api<ReportSummary>('GET', '/reports/summary'),
  report: (id: number) => api<{ report: Report }>('GET', `/reports/${id}`).then((body) => body.report),
  rate: (reportId: number, rating: CaseRating, comment: string) =>
    api<{ rating: Rating }>('POST', `/reports/${reportId}/rating`, { body: { rating, ...(comment ? { comment } : {}) } }).then((body) => body.rating),
  saveSubscriptions: (idempotencyKey: string, results: SubscribeResult[]) =>
    api<SubscriptionCredits>('POST', '/subscriptions', { body: { results }, headers: { 'Idempotency-Key': idempotencyKey } }),
  myRewards: () => api<MyRewards>('GET', '/rewards/mine'),
  rewardRules: () => api<RewardRules>('GET', '/rewards/rules'),
  pendingTransfers: () => api<{ transfers: PendingTransfer[] }>('GET', '/rewards/transfers').then((body) => body.transfers),
  payoutPreference: () => api<{ preference: PayoutPreference | null }>('GET', '/rewards/preference').then((body) => body.preference),
  savePayoutPreference: (channel: PayoutChannel, phone?: string) =>
    api<{ preference: PayoutPreference }>('PUT', '/rewards/preference', { body: { channel, ...(phone ? { phone } : {}) } }).then((body) => body.preference),
};
