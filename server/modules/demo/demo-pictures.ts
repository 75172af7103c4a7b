import { createHash, randomUUID } from 'node:crypto';
import { renderSvg } from '../../platform/images.ts';

/**
 * The demo's product shots, drawn by the project: an SVG drawing per kind of goods (a desktop PC, a laptop,
 * a printer, a chair…), tinted by brand, rendered to PNG by sharp when the demo is built. Nothing is
 * downloaded; the pictures are the project's own and go through the same upload as a user's.
 */

type Kind = 'desktop' | 'laptop' | 'tablet' | 'printer' | 'copier' | 'monitor' | 'projector' | 'shredder' | 'aircon' | 'software';
type AssetKind = Kind | 'chair' | 'cabinet' | 'car' | 'van';

const byCategory: [string, AssetKind][] = [
  ['A02010104', 'desktop'],
  ['A02010103', 'desktop'],
  ['A02010105', 'laptop'],
  ['A02010106', 'tablet'],
  ['A02010601', 'printer'],
  ['A02010609', 'printer'],
  ['A020204', 'printer'],
  ['A020201', 'copier'],
  ['A02010604', 'monitor'],
  ['A020202', 'projector'],
  ['A020206', 'shredder'],
  ['A02061804', 'aircon'],
  ['A0806', 'software'],
  ['A050103', 'chair'],
  ['A050105', 'cabinet'],
  ['A02030501', 'car'],
  ['A0203', 'van'],
];

const kindOf = (categoryCode: string): AssetKind => byCategory.find(([prefix]) => categoryCode.startsWith(prefix))?.[1] ?? 'monitor';

/** A brand's accent colour, the same on every run. */
function accent(label: string) {
  const h = createHash('sha256').update(label).digest();
  return `hsl(${h[0]! * 1.4}, ${45 + (h[1]! % 25)}%, ${38 + (h[2]! % 14)}%)`;
}

const escape = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
const DARK = '#2b2f36';
const BODY = '#e9ecf1';
const EDGE = '#b9c0cb';

const shapes: Record<AssetKind, (a: string) => string> = {
  desktop: (a) => `
    <rect x="120" y="90" width="300" height="200" rx="10" fill="${DARK}"/>
    <rect x="134" y="104" width="272" height="166" rx="4" fill="url(#screen)"/>
    <rect x="250" y="290" width="40" height="40" fill="${EDGE}"/><rect x="200" y="328" width="140" height="12" rx="6" fill="${EDGE}"/>
    <rect x="440" y="110" width="100" height="230" rx="8" fill="${BODY}" stroke="${EDGE}" stroke-width="3"/>
    <rect x="456" y="130" width="68" height="10" rx="3" fill="${a}"/><circle cx="490" cy="310" r="9" fill="${a}"/>
    <rect x="150" y="356" width="240" height="26" rx="6" fill="${BODY}" stroke="${EDGE}" stroke-width="3"/>`,
  laptop: (a) => `
    <path d="M170 110 h300 a10 10 0 0 1 10 10 v190 h-320 v-190 a10 10 0 0 1 10 -10z" fill="${DARK}"/>
    <rect x="176" y="124" width="288" height="176" rx="3" fill="url(#screen)"/>
    <path d="M120 318 h400 l-20 34 h-360z" fill="${BODY}" stroke="${EDGE}" stroke-width="3"/>
    <rect x="290" y="322" width="60" height="8" rx="4" fill="${a}"/>`,
  tablet: (a) => `
    <rect x="210" y="70" width="220" height="320" rx="22" fill="${DARK}"/>
    <rect x="224" y="92" width="192" height="276" rx="6" fill="url(#screen)"/><circle cx="320" cy="81" r="4" fill="${a}"/>`,
  printer: (a) => `
    <rect x="230" y="90" width="180" height="60" fill="#fff" stroke="${EDGE}" stroke-width="3"/>
    <rect x="150" y="140" width="340" height="170" rx="14" fill="${BODY}" stroke="${EDGE}" stroke-width="3"/>
    <rect x="170" y="160" width="90" height="36" rx="5" fill="${DARK}"/><circle cx="450" cy="178" r="10" fill="${a}"/>
    <rect x="200" y="250" width="240" height="20" rx="4" fill="${DARK}"/>
    <rect x="215" y="268" width="210" height="80" fill="#fff" stroke="${EDGE}" stroke-width="3"/>
    <rect x="150" y="300" width="340" height="24" rx="6" fill="${a}"/>`,
  copier: (a) => `
    <rect x="170" y="70" width="300" height="50" rx="6" fill="${BODY}" stroke="${EDGE}" stroke-width="3"/>
    <rect x="160" y="118" width="320" height="250" rx="10" fill="${BODY}" stroke="${EDGE}" stroke-width="3"/>
    <rect x="180" y="132" width="110" height="40" rx="5" fill="${DARK}"/><rect x="300" y="132" width="160" height="16" rx="4" fill="${a}"/>
    ${[0, 1, 2].map((i) => `<rect x="180" y="${200 + i * 52}" width="280" height="40" rx="5" fill="#fff" stroke="${EDGE}" stroke-width="2"/><rect x="300" y="${214 + i * 52}" width="40" height="10" rx="3" fill="${EDGE}"/>`).join('')}`,
  monitor: (a) => `
    <rect x="110" y="80" width="420" height="250" rx="12" fill="${DARK}"/>
    <rect x="124" y="94" width="392" height="214" rx="4" fill="url(#screen)"/><rect x="305" y="314" width="30" height="6" rx="3" fill="${a}"/>
    <path d="M300 330 h40 l12 40 h-64z" fill="${EDGE}"/><rect x="240" y="366" width="160" height="14" rx="7" fill="${EDGE}"/>`,
  projector: (a) => `
    <rect x="150" y="170" width="340" height="130" rx="24" fill="${BODY}" stroke="${EDGE}" stroke-width="3"/>
    <circle cx="230" cy="235" r="48" fill="${DARK}"/><circle cx="230" cy="235" r="30" fill="url(#screen)"/>
    ${[0, 1, 2, 3, 4].map((i) => `<rect x="${320 + i * 28}" y="200" width="14" height="70" rx="6" fill="${EDGE}"/>`).join('')}
    <rect x="150" y="282" width="340" height="18" rx="6" fill="${a}"/><rect x="180" y="300" width="30" height="16" fill="${DARK}"/><rect x="430" y="300" width="30" height="16" fill="${DARK}"/>`,
  shredder: (a) => `
    <rect x="200" y="90" width="240" height="60" rx="10" fill="${DARK}"/><rect x="240" y="112" width="160" height="8" rx="4" fill="#111"/>
    <rect x="210" y="150" width="220" height="230" rx="8" fill="${BODY}" stroke="${EDGE}" stroke-width="3"/>
    <rect x="240" y="190" width="160" height="150" rx="6" fill="#fff" stroke="${EDGE}" stroke-width="2"/><circle cx="410" cy="120" r="8" fill="${a}"/>`,
  aircon: (a) => `
    <rect x="90" y="130" width="460" height="150" rx="30" fill="#f7f9fb" stroke="${EDGE}" stroke-width="4"/>
    <path d="M120 240 h400" stroke="${EDGE}" stroke-width="4"/><path d="M130 262 h380" stroke="${DARK}" stroke-width="10" stroke-linecap="round"/>
    <rect x="440" y="160" width="70" height="24" rx="6" fill="${DARK}"/><text x="475" y="178" font-size="16" fill="#7ef" text-anchor="middle" font-family="sans-serif">26°</text>
    <circle cx="140" cy="172" r="8" fill="${a}"/>`,
  software: (a) => `
    <path d="M200 100 l180 -20 l70 40 v240 l-180 20 l-70 -40z" fill="${a}"/>
    <path d="M200 100 l70 40 v240 l-70 -40z" fill="${DARK}" opacity="0.55"/>
    <path d="M270 140 l180 -20 v240 l-180 20z" fill="${a}"/><circle cx="360" cy="250" r="60" fill="#fff" opacity="0.9"/>
    <circle cx="360" cy="250" r="14" fill="${a}"/>`,
  chair: (a) => `
    <rect x="230" y="70" width="180" height="170" rx="40" fill="${a}"/>
    <rect x="210" y="240" width="220" height="50" rx="20" fill="${a}"/><rect x="312" y="290" width="16" height="50" fill="${DARK}"/>
    <path d="M320 340 l-90 30 M320 340 l90 30 M320 340 l-40 44 M320 340 l40 44" stroke="${DARK}" stroke-width="10" stroke-linecap="round"/>
    <rect x="186" y="200" width="20" height="60" rx="8" fill="${DARK}"/><rect x="434" y="200" width="20" height="60" rx="8" fill="${DARK}"/>`,
  cabinet: (a) => `
    ${[0, 1, 2].map((i) => `<rect x="${150 + i * 115}" y="70" width="110" height="310" rx="4" fill="${BODY}" stroke="${EDGE}" stroke-width="3"/><circle cx="${205 + i * 115}" cy="225" r="14" fill="${a}"/><path d="M${190 + i * 115} 225 h30" stroke="#fff" stroke-width="4"/>`).join('')}`,
  car: (a) => `
    <path d="M110 290 v-50 q0 -20 20 -24 l70 -12 l60 -54 h150 l70 54 l40 8 q20 4 20 28 v50z" fill="${a}"/>
    <path d="M275 160 h120 l50 46 h-210z" fill="#cfe8ff"/><circle cx="200" cy="295" r="36" fill="${DARK}"/><circle cx="440" cy="295" r="36" fill="${DARK}"/>
    <circle cx="200" cy="295" r="14" fill="${EDGE}"/><circle cx="440" cy="295" r="14" fill="${EDGE}"/>`,
  van: (a) => `
    <path d="M100 300 v-150 q0 -30 30 -30 h300 q40 0 60 40 l40 70 v70z" fill="${a}"/>
    ${[0, 1, 2, 3].map((i) => `<rect x="${130 + i * 75}" y="140" width="60" height="50" rx="6" fill="#cfe8ff"/>`).join('')}
    <path d="M440 140 l40 60 h-40z" fill="#cfe8ff"/><circle cx="190" cy="302" r="34" fill="${DARK}"/><circle cx="440" cy="302" r="34" fill="${DARK}"/>
    <circle cx="190" cy="302" r="13" fill="${EDGE}"/><circle cx="440" cy="302" r="13" fill="${EDGE}"/>`,
};

/** The drawing of a product of this category and brand, as SVG (640 × 480). */
export function pictureSvg(categoryCode: string, brand: string): string {
  const a = accent(brand);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480" viewBox="0 0 640 480">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="#eef1f5"/></linearGradient>
    <linearGradient id="screen" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#3b6fd8"/><stop offset="1" stop-color="#7cc4f2"/></linearGradient>
  </defs>
  <rect width="640" height="480" fill="url(#bg)"/>
  <ellipse cx="320" cy="405" rx="240" ry="16" fill="#000" opacity="0.07"/>
  ${shapes[kindOf(categoryCode)](a)}
  <text x="320" y="448" font-size="22" text-anchor="middle" fill="#59606b" font-family="Noto Sans CJK SC, sans-serif">${escape(brand)}</text>
</svg>`;
}

const cache = new Map<string, Promise<Buffer>>();

/** The drawing rendered to a PNG by sharp (one render per category and brand). */
export function demoPicture(categoryCode: string, brand: string): Promise<Buffer> {
  const key = `${kindOf(categoryCode)}:${brand}`;
  let png = cache.get(key);
  if (!png) cache.set(key, (png = renderSvg(pictureSvg(categoryCode, brand), 640)));
  return png;
}

/** A multipart/form-data body with one file in field `file`, as the upload form sends it. */
export function multipartFile(filename: string, content: Buffer, contentType: string) {
  const boundary = `----jicai${randomUUID().replaceAll('-', '')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
