// sharp's side of the P1/P2 stage breakdown, in process CPU time, one image at a time: the whole operation, the resample
// alone (raw pixels of the size the JPEG decoder's shrink-on-load gives, in; raw pixels out) and the encode alone (raw
// output pixels in). What is left of the whole is decoding and the pipeline around it.
// Usage: node stages.js CORPUS_DIR [repetitions]; prints one JSON line per (operation, stage).
'use strict';
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');

const [corpus, repetitions = '4'] = process.argv.slice(2);
sharp.cache(false);
const files = fs.readdirSync(corpus).filter((f) => f.endsWith('.jpg')).sort();

// The size libjpeg gives at the smallest of 1/8, 1/4, 1/2 that still covers the output (full size when none does).
function scaledSize(width, height, needW, needH) {
  for (const denom of [8, 4, 2]) {
    const w = Math.ceil(width / denom);
    const h = Math.ceil(height / denom);
    if (w >= needW && h >= needH) return { w, h };
  }
  return { w: width, h: height };
}

const operations = {
  jpeg800: {
    need: (w, h) => [800, Math.round((h * 800) / w)],
    whole: (s) => s.resize({ width: 800 }).jpeg({ quality: 80 }),
    resize: (s) => s.resize({ width: 800 }),
    encode: (s) => s.jpeg({ quality: 80 }),
  },
  cover300webp: {
    need: (w, h) => { const k = 300 / Math.min(w, h); return [Math.round(w * k), Math.round(h * k)]; },
    whole: (s) => s.resize(300, 300, { fit: 'cover' }).webp({ quality: 80 }),
    resize: (s) => s.resize(300, 300, { fit: 'cover' }),
    encode: (s) => s.webp({ quality: 80 }),
  },
};

async function cpu(work) {
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

(async () => {
  const photos = files.map((f) => fs.readFileSync(path.join(corpus, f)));
  for (const [name, op] of Object.entries(operations)) {
    const prepared = [];
    for (const photo of photos) {
      const { width, height } = await sharp(photo).metadata();
      const [nw, nh] = op.need(width, height);
      const { w, h } = scaledSize(width, height, nw, nh);
      const decoded = await sharp(photo).resize(w, h, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
      const resized = await op.resize(sharp(decoded.data, { raw: decoded.info })).raw().toBuffer({ resolveWithObject: true });
      prepared.push({ photo, decoded, resized });
    }
    const totals = { whole: 0, resample: 0, encode: 0 };
    for (let round = -1; round < Number(repetitions); round++) {
      for (const p of prepared) {
        const whole = await cpu(() => op.whole(sharp(p.photo)).toBuffer());
        const resample = await cpu(() => op.resize(sharp(p.decoded.data, { raw: p.decoded.info })).raw().toBuffer());
        const encode = await cpu(() => op.encode(sharp(p.resized.data, { raw: p.resized.info })).toBuffer());
        if (round < 0) continue;
        totals.whole += whole;
        totals.resample += resample;
        totals.encode += encode;
      }
    }
    const images = Number(repetitions) * photos.length;
    const line = (stage, ms) => console.log(JSON.stringify({ stages: name, stage, cpuMsPerImage: ms / images, images }));
    line('sharp total', totals.whole);
    line('sharp resample', totals.resample);
    line('sharp encode', totals.encode);
    line('sharp decode and pipeline (total - resample - encode)', totals.whole - totals.resample - totals.encode);
  }
})().catch((e) => { console.error(e); process.exit(1); });
