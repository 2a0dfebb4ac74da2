// Draws the app icon (a white "i" and ring on a blue rounded square) and writes it as PNG, ICO
// (Windows) and ICNS (macOS) into resources/icons/. Run once: node scripts/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { repoRootOf } from './electron-native.mjs';

const BLUE = [28, 93, 153];
const WHITE = [255, 255, 255];

/** Coverage of the design at (x, y) in a unit square: 'bg', 'fg' or null (transparent). */
function shade(x, y) {
  const r = 0.18; // corner radius of the rounded square
  const inset = 0.04;
  const cx = Math.min(Math.max(x, inset + r), 1 - inset - r);
  const cy = Math.min(Math.max(y, inset + r), 1 - inset - r);
  if (Math.hypot(x - cx, y - cy) > r) return null;
  const ring = Math.hypot(x - 0.6, y - 0.55);
  if (ring > 0.15 && ring < 0.24) return 'fg';
  if (x > 0.24 && x < 0.32 && y > 0.41 && y < 0.79) return 'fg';
  if (Math.hypot(x - 0.28, y - 0.3) < 0.055) return 'fg';
  return 'bg';
}

function render(size) {
  const n = 4; // samples per axis
  const px = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let fg = 0;
      let bg = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const s = shade((x + (sx + 0.5) / n) / size, (y + (sy + 0.5) / n) / size);
          if (s === 'fg') fg++;
          else if (s === 'bg') bg++;
        }
      }
      const cover = fg + bg;
      const i = (y * size + x) * 4;
      if (cover === 0) continue;
      for (let c = 0; c < 3; c++) px[i + c] = Math.round((WHITE[c] * fg + BLUE[c] * bg) / cover);
      px[i + 3] = Math.round((255 * cover) / (n * n));
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export function png(size) {
  const px = render(size);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) px.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** ICO with PNG images (Windows Vista and later read them). */
export function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

/** ICNS with PNG images under their type codes. */
export function icns(images) {
  const parts = images.map(({ type, data }) => {
    const h = Buffer.alloc(8);
    h.write(type, 0, 'ascii');
    h.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([h, data]);
  });
  const body = Buffer.concat(parts);
  const h = Buffer.alloc(8);
  h.write('icns', 0, 'ascii');
  h.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([h, body]);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('make-icons.mjs')) {
  const dir = path.join(repoRootOf(import.meta.url), 'resources', 'icons');
  fs.mkdirSync(dir, { recursive: true });
  const sizes = new Map([16, 32, 48, 64, 128, 256, 512, 1024].map((s) => [s, png(s)]));
  fs.writeFileSync(path.join(dir, 'icon.png'), sizes.get(1024));
  for (const s of [16, 32, 48, 64, 128, 256, 512]) fs.writeFileSync(path.join(dir, `${s}x${s}.png`), sizes.get(s));
  fs.writeFileSync(path.join(dir, 'icon.ico'), ico([16, 32, 48, 64, 128, 256].map((size) => ({ size, data: sizes.get(size) }))));
  fs.writeFileSync(
    path.join(dir, 'icon.icns'),
    icns([
      { type: 'icp4', data: sizes.get(16) },
      { type: 'icp5', data: sizes.get(32) },
      { type: 'icp6', data: sizes.get(64) },
      { type: 'ic07', data: sizes.get(128) },
      { type: 'ic08', data: sizes.get(256) },
      { type: 'ic09', data: sizes.get(512) },
      { type: 'ic10', data: sizes.get(1024) },
    ]),
  );
  process.stdout.write(`icons written to ${dir}\n`);
}
