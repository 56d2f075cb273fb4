// Makes the benchmark's non-JPEG source once per run: an animated GIF of 5 frames (640x400, one per corpus photo,
// 200 ms each, looping), written by sharp (libvips + cgif) so both engines read the same bytes.
// Usage: node make-sources.js CORPUS_DIR SOURCES_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');

const [corpus, sources] = process.argv.slice(2);
const files = fs.readdirSync(corpus).filter((f) => f.endsWith('.jpg')).sort();

(async () => {
  fs.mkdirSync(sources, { recursive: true });
  const frames = await Promise.all(files.map((f) => sharp(path.join(corpus, f)).resize(640, 400, { fit: 'cover' }).png().toBuffer()));
  const gif = await sharp(frames, { join: { animated: true } }).gif({ delay: frames.map(() => 200), loop: 0 }).toBuffer();
  fs.writeFileSync(path.join(sources, 'animated_640x400.gif'), gif);
})().catch((e) => { console.error(e); process.exit(1); });
