// Generates the PWA icons in public/ without any image library (node:zlib only).
// Run: node scripts/generate-icons.mjs   (output is committed; re-run only when the design changes)
// Design: a white ring with a check mark ("order done") on the brand blue. The same design is in
// public/favicon.svg.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BRAND = [0x1e, 0x3a, 0x8a]; // #1e3a8a, keep in sync with theme_color in vite.config.ts
const WHITE = [0xff, 0xff, 0xff];
const outDir = fileURLToPath(new URL('../public/icons/', import.meta.url));

// --- tiny PNG encoder (RGBA, 8 bit, no filtering) ---
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
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- shapes as signed distance functions in unit coordinates (0..1) ---
function segDist(px, py, ax, ay, bx, by) {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
function roundedRectInside(x, y, r) {
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
  return Math.hypot(qx, qy) <= r;
}
/** glyph in a box: ring + check mark; (x, y) already mapped into the glyph box */
function glyphInside(x, y) {
  const STROKE = 0.095;
  const ring = Math.abs(Math.hypot(x - 0.5, y - 0.5) - 0.34) <= STROKE / 2;
  const check = segDist(x, y, 0.335, 0.515, 0.45, 0.63) <= STROKE / 2 || segDist(x, y, 0.45, 0.63, 0.67, 0.4) <= STROKE / 2;
  return ring || check;
}

function render(size, { maskable }) {
  const SS = 4; // supersampling per axis
  const rgba = Buffer.alloc(size * size * 4);
  const glyphScale = maskable ? 0.8 : 1; // maskable: keep the glyph inside the 80% safe zone
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0,
        fg = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = (px + (sx + 0.5) / SS) / size;
          const y = (py + (sy + 0.5) / SS) / size;
          const inBg = maskable ? true : roundedRectInside(x, y, 0.22);
          if (!inBg) continue;
          bg++;
          const gx = (x - 0.5) / glyphScale + 0.5;
          const gy = (y - 0.5) / glyphScale + 0.5;
          if (glyphInside(gx, gy)) fg++;
        }
      }
      const n = SS * SS;
      const a = bg / n;
      const f = bg ? fg / bg : 0;
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(BRAND[c] * (1 - f) + WHITE[c] * f);
      rgba[i + 3] = Math.round(a * 255);
    }
  }
  return encodePng(size, rgba);
}

mkdirSync(outDir, { recursive: true });
const outputs = [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['maskable-512.png', 512, true],
  ['maskable-192.png', 192, true],
  ['apple-touch-icon-180.png', 180, true], // iOS draws its own rounded corners: full bleed
];
for (const [name, size, maskable] of outputs) {
  const png = render(size, { maskable });
  writeFileSync(outDir + name, png);
  console.log(`${name}: ${size}x${size}, ${png.length} bytes`);
}
