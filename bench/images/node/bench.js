// The sharp side of the image benchmark: same photos, same operations, same protocol as the .NET side.
// Usage: node bench.js CORPUS_DIR OUTPUT_DIR [repetitions] [workers,...]; prints one JSON line per (operation, workers).
'use strict';
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');

const [corpus = '../shared/bench/corpus', output = 'bench/images/out', repetitions = '4', workerList = '1,2'] = process.argv.slice(2);
const operations = {
  jpeg800: { ext: 'jpg', run: (b) => sharp(b).resize({ width: 800 }).jpeg({ quality: 80 }).toBuffer() },
  cover300webp: { ext: 'webp', run: (b) => sharp(b).resize(300, 300, { fit: 'cover' }).webp({ quality: 80 }).toBuffer() },
};

sharp.cache(false);
const files = fs.readdirSync(corpus).filter((f) => f.endsWith('.jpg')).sort();
const photos = files.map((f) => fs.readFileSync(path.join(corpus, f)));

async function measure(op, workers, reps) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: workers }, async (_, worker) => {
    for (let r = 0; r < reps; r++) for (let i = 0; i < photos.length; i++) await op.run(photos[(i + worker) % photos.length]);
  }));
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, images: workers * reps * photos.length };
}

(async () => {
  for (const [name, op] of Object.entries(operations)) {
    const folder = path.join(output, 'sharp', name);
    fs.mkdirSync(folder, { recursive: true });
    for (let i = 0; i < files.length; i++) {
      fs.writeFileSync(path.join(folder, path.basename(files[i], '.jpg') + '.' + op.ext), await op.run(photos[i]));
    }
    for (const workers of workerList.split(',').map(Number)) {
      await measure(op, workers, 1); // warm-up
      const m = await measure(op, workers, Number(repetitions));
      console.log(JSON.stringify({ engine: 'sharp', operation: name, workers, ...m }));
    }
  }
})();
