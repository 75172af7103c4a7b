import zhCN from './i18n/zh-CN.ts';

/**
 * Text the server composed and stored in Chinese when something happened — a lot's 流拍 note, a
 * quotation's or tender's result note, a credit event the platform recorded itself, a cancellation the
 * system made — worded again in the page's language. Each sentence the server writes is a template in the
 * catalogues' `serverText` (the Chinese one exactly as the server words it, `{{a}}`, `{{b}}` … for its
 * facts); a stored text is read sentence by sentence (the server joins them with '；') and each sentence that
 * matches a template is worded by the same key in this language. A person's own words, and anything no
 * template matches, are shown as written.
 */
type Key = keyof typeof zhCN.serverText;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const templates: { key: Key; re: RegExp; names: string[] }[] = Object.entries(zhCN.serverText).map(([key, zh]) => {
  const names: string[] = [];
  const pattern = zh
    .split(/(\{\{\w+\}\})/)
    .map((part) => {
      const name = /^\{\{(\w+)\}\}$/.exec(part)?.[1];
      if (!name) return escape(part);
      names.push(name);
      return '(.+?)';
    })
    .join('');
  return { key: key as Key, re: new RegExp(`^${pattern}$`), names };
});

/** One stored text in this language (as is in Chinese). */
export function wordServerText(text: string, t: (key: string, values: Record<string, string>) => string, english: boolean): string {
  if (!english || !text) return text;
  return text
    .split('；')
    .map((sentence) => {
      for (const { key, re, names } of templates) {
        const m = re.exec(sentence);
        if (!m) continue;
        return t(`serverText.${key}`, Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ''])));
      }
      return sentence;
    })
    .filter((s, i) => s || i > 0)
    .join('; ');
}
