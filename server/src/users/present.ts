/** Openids identify a person across every mini program of the account: never sent out whole. */
export function maskOpenid(openid: string | null): string | null {
  if (!openid) return null;
  return openid.length <= 8 ? '****' : `${openid.slice(0, 4)}****${openid.slice(-4)}`;
}

export function presentCitizen(citizen: { id: number; openid: string | null; nickname: string | null }) {
  return { id: citizen.id, openid: maskOpenid(citizen.openid), nickname: citizen.nickname };
}
