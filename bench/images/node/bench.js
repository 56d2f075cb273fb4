// The sharp side of the image benchmark: same photos, same operations, same protocol as the .NET side.
// Usage: node bench.js CORPUS_DIR OUTPUT_DIR [repetitions] [workers,...]; prints one JSON line per (operation, workers).
'use strict';
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');

const [corpus = '../shared/bench/corpus', output = 'bench/images/out', repetitions = '4', workerList = '1,2'] = process.argv.slice(2);
// Inputs: 'photos' are the corpus JPEGs; 'gif' is the animated GIF made by make-sources.js (read with every frame, as
// Serverless Image Handler does for a GIF answer). repetitionShare scales the repetitions (AVIF encodes are slow).
const operations = {
  jpeg800: { ext: 'jpg', inputs: 'photos', run: (b) => sharp(b).resize({ width: 800 }).jpeg({ quality: 80 }).toBuffer() },
  cover300webp: { ext: 'webp', inputs: 'photos', run: (b) => sharp(b).resize(300, 300, { fit: 'cover' }).webp({ quality: 80 }).toBuffer() },
  gif300: { ext: 'gif', inputs: 'gif', repetitionShare: 0.5, run: (b) => sharp(b, { animated: true }).resize({ width: 300 }).gif().toBuffer() },
  avif800: { ext: 'avif', inputs: 'photos', repetitionShare: 0.25, run: (b) => sharp(b).resize({ width: 800 }).avif().toBuffer() },
};

sharp.cache(false);
const files = fs.readdirSync(corpus).filter((f) => f.endsWith('.jpg')).sort();
const inputFiles = {
  photos: files.map((f) => path.join(corpus, f)),
  gif: [path.join(output, 'sources', 'animated_640x400.gif')],
};
const inputs = Object.fromEntries(Object.entries(inputFiles).map(([k, v]) => [k, v.map((f) => fs.readFileSync(f))]));

async function measure(op, workers, reps) {
  const photos = inputs[op.inputs];
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
  const only = process.env.BENCH_OPERATIONS ? process.env.BENCH_OPERATIONS.split(',') : null;
  for (const [name, op] of Object.entries(operations).filter(([n]) => !only || only.includes(n))) {
    const folder = path.join(output, 'sharp', name);
    fs.mkdirSync(folder, { recursive: true });
    const names = inputFiles[op.inputs];
    for (let i = 0; i < names.length; i++) {
      fs.writeFileSync(path.join(folder, path.parse(names[i]).name + '.' + op.ext), await op.run(inputs[op.inputs][i]));
    }
    const reps = Math.max(1, Math.round(Number(repetitions) * (op.repetitionShare || 1)));
    for (const workers of workerList.split(',').map(Number)) {
      await measure(op, workers, 1); // warm-up
      const m = await measure(op, workers, reps);
      console.log(JSON.stringify({ engine: 'sharp', operation: name, workers, ...m }));
    }
  }
})();
