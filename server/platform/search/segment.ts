/**
 * Chinese text for PostgreSQL full-text search. PostgreSQL (and PGlite) have no Chinese parser, so the
 * app segments text into words with Intl.Segmenter (ICU's dictionary) and hands PostgreSQL the words
 * separated by spaces for to_tsvector('simple', …). CJK runs also contribute their character unigrams
 * and bigrams, so that 1–2 character queries and words the segmenter splits differently in context
 * still match, for stored text and queries alike.
 */
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;

export const normalize = (text: string) => text.normalize('NFKC').toLowerCase();

/** Segmenter words (word-like only), lowercased, in order. 节能型台式计算机 → 节能 型 台式 计算 机. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const part of segmenter.segment(normalize(text))) {
    if (!part.isWordLike) continue;
    const w = part.segment.trim();
    if (w) out.push(w);
  }
  return out;
}

export function cjkNgrams(text: string): string[] {
  const grams: string[] = [];
  for (const run of normalize(text).match(CJK_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      grams.push(chars[i]!);
      if (i + 1 < chars.length) grams.push(chars[i]! + chars[i + 1]!);
    }
  }
  return grams;
}

/** Lexemes to store for a document field: words plus CJK n-grams, deduplicated. */
export function documentLexemes(text: string): string[] {
  return [...new Set([...words(text), ...cjkNgrams(text)])];
}

/** tsquery lexemes are quoted so that no character of the text is read as an operator. */
export const quoteLexeme = (lexeme: string) => `'${lexeme.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`;

/**
 * One phrase (an alternative of a query term) as a tsquery. Each CJK run matches as its segmenter words
 * or as all its bigrams (a word the segmenter cut differently in the stored text still matches); one CJK
 * character matches as itself; latin and digits match as prefixes (n8 finds n80z).
 */
export function phraseQuery(phrase: string): string | null {
  const text = normalize(phrase);
  const parts: string[] = [];
  for (const run of text.match(CJK_RUN) ?? []) {
    const chars = [...run];
    if (chars.length === 1) {
      parts.push(quoteLexeme(run));
      continue;
    }
    const bigrams = chars
      .slice(0, -1)
      .map((c, i) => quoteLexeme(c + chars[i + 1]!))
      .join(' & ');
    const segmented = words(run).map(quoteLexeme).join(' & ');
    // The same lexemes twice would only make the planner count their matches twice.
    parts.push(segmented === bigrams ? `(${bigrams})` : `((${segmented}) | (${bigrams}))`);
  }
  for (const w of words(text.replace(CJK_RUN, ' '))) parts.push(`${quoteLexeme(w)}:*`);
  return parts.length ? parts.join(' & ') : null;
}

/** Any n-gram or word of the text: the recall of a fuzzy fallback when nothing matches exactly. */
export function anyTermQuery(text: string): string | null {
  const lexemes = [...new Set([...cjkNgrams(text).filter((g) => [...g].length === 2), ...words(normalize(text).replace(CJK_RUN, ' '))])];
  return lexemes.length ? lexemes.map(quoteLexeme).join(' | ') : null;
}
