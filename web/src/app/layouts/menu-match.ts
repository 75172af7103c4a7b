/**
 * The menu entry a page belongs to: the entry whose path, or one of its `also` paths, is the longest
 * prefix of the page's path. A `:name` segment stands for any one segment, as in the router:
 * '/center/tenders/:id/evaluation'. A `?name` after a path asks for that query parameter too: 立即购买's
 * checkout ('/purchaser/checkout?listing') belongs to the search it came from, the cart's to the cart.
 */
export function longestEntry(
  entries: readonly { path: string; also?: string[] | undefined }[],
  pathname: string,
  search = '',
): string | undefined {
  const query = new URLSearchParams(search);
  const under = (prefix: string) => {
    const [path = '', needs] = prefix.split('?');
    if (needs && !query.has(needs)) return false;
    const pattern = path.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    return new RegExp(`^${pattern.join('/')}(/|$)`).test(pathname);
  };
  return entries
    .flatMap((e) => [e.path, ...(e.also ?? [])].filter(under).map((prefix) => ({ path: e.path, length: prefix.length })))
    .sort((a, b) => b.length - a.length)[0]?.path;
}
