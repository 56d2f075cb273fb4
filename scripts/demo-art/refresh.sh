#!/usr/bin/env bash
# Re-extracts the demo photos' artwork from the npm packages pinned in package.json (package-lock.json):
# for each hexcode in Portal.Engine/Demo/Art/motifs.txt, copies openmoji's color/svg/<hexcode>.svg
# unchanged and renders it to a 256x256 PNG (sharp), which the engine embeds. Also copies OpenMoji's
# licence. With --check it changes nothing and fails when the committed files differ from a fresh
# extraction.
#   scripts/demo-art/refresh.sh [--check]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
art="$(cd "$here/../../Portal.Engine/Demo/Art" && pwd)"
check=false
[[ "${1:-}" == "--check" ]] && check=true

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
out="$work/out"
mkdir -p "$out"

hexcodes=$(grep -v '^#' "$art/motifs.txt" | awk 'NF { print $1 }')
(cd "$work" && node - "$out" $hexcodes <<'JS'
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');
const [out, ...hexcodes] = process.argv.slice(2);
const svgDir = path.join(path.dirname(require.resolve('openmoji/package.json')), 'color', 'svg');
(async () => {
  for (const hex of hexcodes) {
    const svg = path.join(svgDir, `${hex}.svg`);
    if (!fs.existsSync(svg)) throw new Error(`openmoji has no color/svg/${hex}.svg`);
    fs.copyFileSync(svg, path.join(out, `${hex}.svg`));
    // The SVGs are 72 units square: 256 dpi renders them at 256 px. No metadata is written, so the bytes depend only on the art and sharp.
    await sharp(svg, { density: 256 }).resize(256, 256).png({ compressionLevel: 9 }).toFile(path.join(out, `${hex}.png`));
  }
  fs.copyFileSync(path.join(path.dirname(svgDir), '..', 'LICENSE.txt'), path.join(out, 'OPENMOJI-LICENSE.txt'));
})().catch(e => { console.error(e.message); process.exit(1); });
JS
)

if $check; then
  status=0
  for file in "$out"/*; do
    name="$(basename "$file")"
    cmp -s "$file" "$art/$name" || { echo "differs from a fresh extraction: Portal.Engine/Demo/Art/$name"; status=1; }
  done
  for file in "$art"/*.svg "$art"/*.png; do
    [[ -e "$out/$(basename "$file")" ]] || { echo "not in motifs.txt: Portal.Engine/Demo/Art/$(basename "$file")"; status=1; }
  done
  [[ $status == 0 ]] && echo "Portal.Engine/Demo/Art matches openmoji $(node -p "require('$work/node_modules/openmoji/package.json').version")."
  exit $status
fi

rm -f "$art"/*.svg "$art"/*.png
cp "$out"/* "$art/"
echo "Extracted $(echo $hexcodes | wc -w) motifs into Portal.Engine/Demo/Art."
