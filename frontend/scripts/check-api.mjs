// Fails when src/api/schema.d.ts differs from what openapi-typescript makes of ../openapi/openapi.json.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const dir = mkdtempSync(join(tmpdir(), 'skriptoteket-api-'))
const fresh = join(dir, 'schema.d.ts')
try {
  execFileSync('npx', ['openapi-typescript', '../openapi/openapi.json', '-o', fresh], { stdio: 'ignore' })
  const committed = readFileSync('src/api/schema.d.ts', 'utf8')
  if (committed !== readFileSync(fresh, 'utf8')) {
    console.error('src/api/schema.d.ts is stale: run `npm run gen:api`')
    process.exit(1)
  }
  console.log('src/api/schema.d.ts is current')
} finally {
  rmSync(dir, { recursive: true, force: true })
}
