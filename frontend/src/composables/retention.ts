import { ref } from 'vue'
import { getRetention } from '@/api/resources'

const runContentDays = ref<number | null>(null)
let asked = false

/** How many days run content is kept on this server (GET /privacy/retention), asked once;
 * null until known (the line about it is then not shown). */
export function useRunContentDays() {
  if (!asked) {
    asked = true
    getRetention()
      .then((r) => {
        runContentDays.value = r.run_content_days
      })
      .catch(() => {
        asked = false
      })
  }
  return runContentDays
}

/** The days that apply to one tool: its manifest may ask for fewer, never more. */
export function effectiveDays(platform: number | null, tool: number | null | undefined): number | null {
  if (platform === null) return null
  return tool === null || tool === undefined ? platform : Math.min(platform, tool)
}
