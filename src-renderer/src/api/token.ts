// Browser mode: the token arrives in the page URL (`/?token=…`). It is read once, kept in this
// tab's sessionStorage so a reload still connects, and removed from the visible URL and history.
const KEY = 'xendeck.token';

export function takeToken(win: Pick<Window, 'location' | 'history' | 'sessionStorage'> = window): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      win.sessionStorage.setItem(KEY, fromUrl);
    } catch {
      // storage may be disabled; the token then lives only for this page load
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}
