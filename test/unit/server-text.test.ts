import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { wordServerText } from '../../web/src/app/serverWords.ts';
import en from '../../web/src/app/i18n/en.ts';
import zhCN from '../../web/src/app/i18n/zh-CN.ts';

const english = (key: string, values: Record<string, string>) =>
  (en.serverText[key.replace('serverText.', '') as keyof typeof en.serverText] as string).replace(
    /\{\{(\w+)\}\}/g,
    (_, n: string) => values[n] ?? '',
  );

function serverSources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((e) =>
      e.isDirectory() ? serverSources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? readFileSync(path.join(dir, e.name), 'utf8') : '',
    )
    .join('\n');
}

describe('text the server composed in Chinese is worded in English on an English page', () => {
  it('words each sentence a template matches and keeps the rest as written', () => {
    expect(
      wordServerText(
        '竞买号 B003 以 ¥12,000.00 竞得，须于 2026-12-10 17:00:00（北京时间）前付清价款；竞得人逾期未付款，保证金不予退还',
        english,
        true,
      ),
    ).toBe(
      'Bidder B003 won at ¥12,000.00 and must pay in full by 2026-12-10 17:00:00 (Beijing time); The winner did not pay in time; the deposit is forfeited',
    );
    expect(wordServerText('订单 JC20261208000138 验收合格（5 星）', english, true)).toBe('Order JC20261208000138 accepted (5 stars)');
    expect(wordServerText('无人出价，流拍', english, true)).toBe('No bids: unsold');
    // A tender's note that began empty keeps no empty first sentence.
    expect(wordServerText('；中标公告 2026-12-01 10:00:00，质疑期至 2026-12-08 10:00:00（北京时间）', english, true)).toBe(
      'Award notice 2026-12-01 10:00:00; challenges until 2026-12-08 10:00:00 (Beijing time)',
    );
    expect(wordServerText('供应商自述：货已送达', english, true)).toBe('供应商自述：货已送达');
    expect(wordServerText('无人出价，流拍', english, false)).toBe('无人出价，流拍');
  });

  it("every template's fixed words are words the server writes (a changed server sentence fails here)", () => {
    const sources = serverSources(path.resolve('server'));
    const missing: string[] = [];
    // The server composes its sentences (a time with its （北京时间）, a label from a table): each run of words
    // between the template's facts and punctuation is in the server's source, whole or as two pieces.
    const written = (run: string) =>
      sources.includes(run) ||
      [...run].some((_, i) => i >= 2 && run.length - i >= 2 && sources.includes(run.slice(0, i)) && sources.includes(run.slice(i)));
    for (const [key, zh] of Object.entries(zhCN.serverText))
      for (const run of zh.split(/\{\{\w+\}\}|[（）：，；「」\s]/)) if (run.length >= 2 && !written(run)) missing.push(`${key}: ${run}`);
    expect(missing).toEqual([]);
    expect(Object.keys(en.serverText).sort()).toEqual(Object.keys(zhCN.serverText).sort());
  });
});
