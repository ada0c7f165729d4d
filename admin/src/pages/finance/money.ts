/** Money is integer 分 everywhere; staff read and type 元. */

/** "¥1,234.50" from 分. */
export function formatYuan(fen: number): string {
  return `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** 元 as typed (up to two decimals) to 分, without float drift (0.29 元 is 29 分, not 28.999…). */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

export function fenToYuan(fen: number): number {
  return fen / 100;
}
