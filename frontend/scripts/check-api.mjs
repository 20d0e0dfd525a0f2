// Fails when src/api/schema.ts differs from what `npm run gen:api` makes of ../openapi/openapi.json.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const dir = mkdtempSync(join(tmpdir(), 'skriptoteket-api-'))
const fresh = join(dir, 'schema.ts')
try {
  execFileSync('npx', ['openapi-typescript', '../openapi/openapi.json', '--enum-values', '-o', fresh], {
    stdio: 'ignore',
  })
  const committed = readFileSync('src/api/schema.ts', 'utf8')
  if (committed !== readFileSync(fresh, 'utf8')) {
    console.error('src/api/schema.ts is stale: run `npm run gen:api`')
    process.exit(1)
  }
  console.log('src/api/schema.ts is current')
} finally {
  rmSync(dir, { recursive: true, force: true })
}
