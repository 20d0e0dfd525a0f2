// Gzipped JavaScript a route needs on first load: the entry chunk, the route's view chunk and
// every chunk they import statically (dynamic imports, e.g. the editor, are not counted).
// Usage: node scripts/route-size.mjs [ViewName ...]  (after `npm run build`)
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const manifest = JSON.parse(readFileSync('dist/.vite/manifest.json', 'utf8'))
const views = process.argv.slice(2).length ? process.argv.slice(2) : ['CatalogView']

function closure(keys) {
  const seen = new Set()
  const walk = (key) => {
    if (seen.has(key)) return
    seen.add(key)
    for (const dep of manifest[key]?.imports ?? []) walk(dep)
  }
  keys.forEach(walk)
  return seen
}

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry)
const results = {}
for (const view of views) {
  const key = Object.keys(manifest).find((k) => k.endsWith(`/${view}.vue`))
  if (!key) throw new Error(`no chunk for ${view}`)
  let raw = 0
  let gz = 0
  for (const k of closure([entry, key])) {
    const bytes = readFileSync(`dist/${manifest[k].file}`)
    raw += bytes.length
    gz += gzipSync(bytes, { level: 9 }).length
  }
  results[view] = { js_bytes: raw, js_gzip_bytes: gz, js_gzip_kb: Math.round((gz / 1024) * 10) / 10 }
  console.log(`${view}: ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped JS`)
}
console.log(JSON.stringify(results))
