const STORAGE_KEY = 'relata-expand-endpoint';

/** The SPARQL endpoint "Expand from endpoint" asks, kept on this computer; none by default, so nothing is fetched. */
export const expandEndpoint = $state({ url: localStorage.getItem(STORAGE_KEY) ?? '' });

/** Sets (or, with '', clears) the endpoint; only http(s) URLs are taken. */
export function setExpandEndpoint(url: string): boolean {
  const u = url.trim();
  if (u && !/^https?:\/\/\S+$/i.test(u)) return false;
  expandEndpoint.url = u;
  if (u) localStorage.setItem(STORAGE_KEY, u);
  else localStorage.removeItem(STORAGE_KEY);
  return true;
}
