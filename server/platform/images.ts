import sharp from 'sharp';

/**
 * Pictures through sharp (libvips): the one place the image library is used. Thumbnails are WebP, at most
 * THUMB_SIDE pixels a side, never enlarged, with no metadata kept; drawings (the demo's SVG product shots)
 * are rendered to PNG at the size asked.
 */
export const THUMB_SIDE = 480;

/** Pixels a decoded picture may have (a 2 MB upload is far below it): larger inputs are refused by sharp. */
const LIMIT_INPUT_PIXELS = 40_000_000;

export async function thumbnail(content: Buffer): Promise<Buffer> {
  return sharp(content, { limitInputPixels: LIMIT_INPUT_PIXELS, failOn: 'error' })
    .rotate()
    .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 82 })
    .toBuffer();
}

/** An SVG drawing rendered to a PNG `width` pixels wide (height by its aspect ratio). */
export async function renderSvg(svg: string, width: number): Promise<Buffer> {
  return sharp(Buffer.from(svg, 'utf8'), { density: 144 }).resize({ width }).png({ compressionLevel: 9 }).toBuffer();
}

/** Width and height of a picture sharp can read. */
export async function dimensions(content: Buffer): Promise<{ width: number; height: number }> {
  const m = await sharp(content).metadata();
  return { width: m.width ?? 0, height: m.height ?? 0 };
}
