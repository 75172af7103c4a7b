/** Marks every occurrence of any term in text (case-insensitive), longest terms first. */
export function highlight(text: string, terms: readonly string[]): { text: string; match: boolean }[] {
  const needles = [...new Set(terms.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  if (needles.length === 0) return [{ text, match: false }];
  const lower = text.toLowerCase();
  const marked = new Array<boolean>(text.length).fill(false);
  for (const needle of needles) {
    for (let i = lower.indexOf(needle); i !== -1; i = lower.indexOf(needle, i + 1)) marked.fill(true, i, i + needle.length);
  }
  const pieces: { text: string; match: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = pieces[pieces.length - 1];
    if (last && last.match === marked[i]) last.text += text[i];
    else pieces.push({ text: text[i]!, match: marked[i]! });
  }
  return pieces;
}
