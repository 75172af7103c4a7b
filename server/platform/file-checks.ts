import jpeg from 'jpeg-js';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { RuleViolationError } from './errors.ts';

/**
 * Uploaded files are parsed to their last byte before they are kept: a file that only starts like an
 * image or a PDF (a PNG signature followed by HTML, `%PDF-` followed by a page) is refused with 422 on
 * the field. Images are then rewritten from what was parsed (PNG: the pixels re-compressed into a fresh
 * file with only the chunks that draw them; JPEG: checked segment by segment to the end, then decoded
 * and encoded afresh from its pixels), so what is served is what was checked.
 */
export type ImageType = 'image/png' | 'image/jpeg';

const refuse = (field: string, message: string, detail = 'file refused') =>
  new RuleViolationError(detail, { fields: [{ field, message, in: 'body' }] });

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_SIDE = 16_384;
const MAX_RAW_BYTES = 256 * 1024 * 1024;

/** Markup a browser might render if it ever sniffed the file: never in a kept document. */
const MARKUP = /<(?:!doctype|html|head|body|script|iframe|svg|object|embed|meta|img|style|link|form)\b|javascript:/i;
/** The same in compressed image data, where short tags would turn up by chance: only the long ones. */
const MARKUP_IN_BINARY = /<(?:!doctype|html|head|body|script|iframe)\b|javascript:/i;

export function isPng(content: Buffer) {
  return content.length >= 8 && content.subarray(0, 8).equals(PNG_SIGNATURE);
}
export function isJpeg(content: Buffer) {
  return content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff;
}
export function isPdf(content: Buffer) {
  return content.subarray(0, 5).toString('latin1') === '%PDF-';
}

/** A picture (PNG or JPEG), parsed to the end and rewritten; anything else is refused on `field`. */
export function sanitizeImage(content: Buffer, field = 'file'): { contentType: ImageType; content: Buffer } {
  if (isPng(content)) return { contentType: 'image/png', content: rewritePng(content, field) };
  if (isJpeg(content)) return { contentType: 'image/jpeg', content: reencodeJpeg(rewriteJpeg(content, field), field) };
  throw refuse(field, '仅支持 PNG、JPEG 图片', 'not an image');
}

// ---- PNG ---------------------------------------------------------------------------------------

const channelsOf: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const depthsOf: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
// Adam7: x start, y start, x step, y step.
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

function rewritePng(content: Buffer, field: string): Buffer {
  const bad = (why: string) => refuse(field, `PNG 图片无效：${why}`, 'invalid PNG');
  let pos = 8;
  let ihdr: Buffer | null = null;
  let plte: Buffer | null = null;
  let trns: Buffer | null = null;
  const idat: Buffer[] = [];
  let idatDone = false;
  let ended = false;
  while (!ended) {
    if (pos + 12 > content.length) throw bad('文件不完整');
    const length = content.readUInt32BE(pos);
    const type = content.subarray(pos + 4, pos + 8).toString('latin1');
    if (!/^[A-Za-z]{4}$/.test(type)) throw bad('数据块类型错误');
    if (length > 0x7fffffff || pos + 12 + length > content.length) throw bad('数据块长度错误');
    const data = content.subarray(pos + 8, pos + 8 + length);
    const crc = content.readUInt32BE(pos + 8 + length);
    if (crc32(content.subarray(pos + 4, pos + 8 + length)) >>> 0 !== crc) throw bad(`${type} 校验和错误`);
    pos += 12 + length;
    if (!ihdr && type !== 'IHDR') throw bad('缺少 IHDR');
    if (idat.length > 0 && type !== 'IDAT') idatDone = true;
    switch (type) {
      case 'IHDR':
        if (ihdr || length !== 13) throw bad('IHDR 错误');
        ihdr = data;
        break;
      case 'PLTE':
        if (plte || idat.length > 0 || length === 0 || length % 3 !== 0 || length > 768) throw bad('PLTE 错误');
        plte = data;
        break;
      case 'tRNS':
        if (trns || idat.length > 0) throw bad('tRNS 错误');
        trns = data;
        break;
      case 'IDAT':
        if (idatDone) throw bad('IDAT 不连续');
        idat.push(data);
        break;
      case 'IEND':
        if (length !== 0) throw bad('IEND 错误');
        ended = true;
        break;
      default:
        // Critical chunks this reader does not know cannot be drawn: refuse. Ancillary ones are dropped.
        if (type.charCodeAt(0) < 0x61) throw bad(`未知的关键数据块 ${type}`);
    }
  }
  if (pos !== content.length) throw bad('IEND 之后还有数据');
  if (!ihdr || idat.length === 0) throw bad('没有图像数据');

  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const [depth, colorType, compression, filter, interlace] = [ihdr[8]!, ihdr[9]!, ihdr[10]!, ihdr[11]!, ihdr[12]!];
  const channels = channelsOf[colorType];
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) throw bad('尺寸超出范围');
  if (channels === undefined || !depthsOf[colorType]!.includes(depth) || compression !== 0 || filter !== 0 || interlace > 1)
    throw bad('IHDR 参数错误');
  if (colorType === 3 && !plte) throw bad('调色板图像缺少 PLTE');
  if ((colorType === 4 || colorType === 6) && trns) throw bad('tRNS 不适用于该颜色类型');

  // The scanlines each pass holds: [rows, bytes per row without the filter byte].
  const bitsPerPixel = channels * depth;
  const rowBytes = (w: number) => Math.ceil((w * bitsPerPixel) / 8);
  const passes: [number, number][] =
    interlace === 0
      ? [[height, rowBytes(width)]]
      : ADAM7.map(([x0, y0, dx, dy]) => {
          const w = Math.ceil((width - x0) / dx);
          const h = Math.ceil((height - y0) / dy);
          return [w > 0 && h > 0 ? h : 0, w > 0 ? rowBytes(w) : 0] as [number, number];
        });
  const expected = passes.reduce((sum, [rows, bytes]) => sum + (rows > 0 ? rows * (bytes + 1) : 0), 0);
  if (expected > MAX_RAW_BYTES) throw bad('图像过大');
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch {
    throw bad('图像数据无法解压');
  }
  if (raw.length !== expected) throw bad('图像数据长度与尺寸不符');
  let at = 0;
  for (const [rows, bytes] of passes) {
    for (let r = 0; r < rows; r++) {
      if (raw[at]! > 4) throw bad('扫描行过滤类型错误');
      at += bytes + 1;
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    ...(plte ? [chunk('PLTE', plte)] : []),
    ...(trns ? [chunk('tRNS', trns)] : []),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- JPEG --------------------------------------------------------------------------------------

const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Segments a decoder needs; APPn are kept only for the colour they describe (JFIF, ICC, Adobe). */
const keepApp = (m: number, data: Buffer) =>
  (m === 0xe0 && data.subarray(0, 5).toString('latin1') === 'JFIF\0') ||
  (m === 0xe2 && data.subarray(0, 12).toString('latin1') === 'ICC_PROFILE\0') ||
  (m === 0xee && data.subarray(0, 5).toString('latin1') === 'Adobe');

function rewriteJpeg(content: Buffer, field: string): Buffer {
  const bad = (why: string) => refuse(field, `JPEG 图片无效：${why}`, 'invalid JPEG');
  const out: Buffer[] = [Buffer.from([0xff, 0xd8])];
  let pos = 2;
  let frame = false;
  let scans = 0;
  for (;;) {
    if (pos >= content.length || content[pos] !== 0xff) throw bad('标记错误或文件不完整');
    while (content[pos] === 0xff) pos++; // fill bytes
    if (pos >= content.length) throw bad('文件不完整');
    const marker = content[pos++]!;
    if (marker === 0xd9) break; // EOI
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x00) throw bad('标记位置错误');
    if (pos + 2 > content.length) throw bad('文件不完整');
    const length = content.readUInt16BE(pos);
    if (length < 2 || pos + length > content.length) throw bad('数据段长度错误');
    const data = content.subarray(pos + 2, pos + length);
    const segment = content.subarray(pos - 2, pos + length);
    pos += length;
    if (isSof(marker)) {
      if (frame || data.length < 6) throw bad('帧头错误');
      const h = data.readUInt16BE(1);
      const w = data.readUInt16BE(3);
      const components = data[5]!;
      if (h < 1 || w < 1 || components < 1 || components > 4 || data.length !== 6 + components * 3) throw bad('帧头参数错误');
      frame = true;
      out.push(segment);
    } else if (marker === 0xda) {
      if (!frame) throw bad('扫描在帧头之前');
      out.push(segment);
      // Entropy-coded data runs to the next marker that is not a stuffed 0x00 or a restart marker.
      const start = pos;
      for (;;) {
        if (pos + 1 >= content.length) throw bad('扫描数据不完整');
        if (content[pos] === 0xff) {
          const next = content[pos + 1]!;
          if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
            pos += 2;
            continue;
          }
          if (next === 0xff) {
            pos++;
            continue;
          }
          break;
        }
        pos++;
      }
      out.push(content.subarray(start, pos));
      scans++;
    } else if ((marker >= 0xe0 && marker <= 0xef) || marker === 0xfe) {
      if (marker !== 0xfe && keepApp(marker, data)) out.push(segment);
    } else if (marker === 0xdb || marker === 0xc4 || marker === 0xdd || marker === 0xcc || marker === 0xdc) {
      out.push(segment);
    } else {
      throw bad(`不支持的标记 FF${marker.toString(16).toUpperCase()}`);
    }
  }
  if (!frame || scans === 0) throw bad('没有图像数据');
  // Nothing after the end but padding.
  for (let i = pos; i < content.length; i++) if (content[i] !== 0x00 && content[i] !== 0xff) throw bad('文件结束标记之后还有数据');
  out.push(Buffer.from([0xff, 0xd9]));
  const result = Buffer.concat(out);
  if (MARKUP_IN_BINARY.test(result.toString('latin1'))) throw bad('图像数据中含有网页标记');
  return result;
}

/** Largest picture decoded for re-encoding: 40 megapixels (a 10 MB upload is far below it in practice). */
const MAX_JPEG_MEGAPIXELS = 40;

/**
 * The pixels decoded and encoded afresh: nothing of the uploaded byte stream survives but the picture, so no
 * crafted entropy data, polyglot or decoder exploit reaches whoever views it. Quality 90 keeps photos sharp.
 */
function reencodeJpeg(structural: Buffer, field: string): Buffer {
  let picture: { width: number; height: number; data: Uint8Array };
  try {
    picture = jpeg.decode(structural, {
      useTArray: true,
      formatAsRGBA: true,
      tolerantDecoding: false,
      maxResolutionInMP: MAX_JPEG_MEGAPIXELS,
      maxMemoryUsageInMB: 512,
    });
  } catch {
    throw refuse(field, `JPEG 图片无法解码（或超过 ${MAX_JPEG_MEGAPIXELS} 百万像素）`, 'undecodable JPEG');
  }
  return jpeg.encode({ width: picture.width, height: picture.height, data: picture.data }, 90).data;
}

// ---- PDF ---------------------------------------------------------------------------------------

/** Name tokens that make a PDF act rather than show: refused in evidence. */
const ACTIVE_PDF = /\/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b/;

/**
 * A PDF checked to its end: the header, a `%%EOF` at the very end (whitespace after it only), a
 * `startxref` that points inside the file at a cross-reference table or stream, and outside its streams
 * no markup or active content.
 */
export function checkPdf(content: Buffer, field = 'file'): void {
  const bad = (why: string) => refuse(field, `PDF 文件无效：${why}`, 'invalid PDF');
  const text = content.toString('latin1');
  if (!/^%PDF-[12]\.\d[\r\n \t%]/.test(text)) throw bad('文件头错误');
  const tail = /startxref[\0\t\n\f\r ]+(\d{1,12})[\0\t\n\f\r ]+%%EOF[\0\t\n\f\r ]*$/.exec(text.slice(-1024));
  if (!tail) throw bad('文件末尾应为 startxref 与 %%EOF');
  const offset = Number(tail[1]);
  if (offset < 9 || offset >= content.length) throw bad('startxref 指向文件之外');
  const at = text.slice(offset, offset + 64);
  if (!/^(?:xref[\r\n ]|\d+[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]+obj\b)/.test(at)) throw bad('startxref 未指向交叉引用表');
  // Outside stream bodies, which hold binary data, the file is PDF syntax: no page markup in it.
  const topLevel = text.replace(/stream\r?\n[\s\S]*?endstream/g, 'stream endstream');
  if (MARKUP.test(topLevel)) throw bad('含有网页标记');
  if (ACTIVE_PDF.test(topLevel)) throw bad('含有脚本或嵌入内容');
}

/** Evidence: a PDF checked to its end, or a picture rewritten; anything else is refused on `field`. */
export function checkDocument(content: Buffer, field = 'file'): { contentType: 'application/pdf' | ImageType; content: Buffer } {
  if (isPdf(content)) {
    checkPdf(content, field);
    return { contentType: 'application/pdf', content };
  }
  if (isPng(content) || isJpeg(content)) return sanitizeImage(content, field);
  throw refuse(field, '仅支持 PDF、PNG、JPEG 文件', 'unsupported file type');
}
