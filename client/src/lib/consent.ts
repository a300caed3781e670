// The broadcast and recording consent of one citizen or guest for one debate: asked before
// an oral hand goes up, and before the camera opens when the floor comes without a raised
// hand (a guest given the floor from the guests panel). Kept per debate and tab
// (sessionStorage): a new tab asks again.
const KEY = (debateId: string) => `tribune.consent.${debateId}`;

export function hasConsented(debateId: string): boolean {
  try {
    return sessionStorage.getItem(KEY(debateId)) === '1';
  } catch {
    // Storage disabled: ask again on each page load.
    return false;
  }
}

export function saveConsent(debateId: string): void {
  try {
    sessionStorage.setItem(KEY(debateId), '1');
  } catch {
    // Storage disabled: the consent lasts for this page only.
  }
}
