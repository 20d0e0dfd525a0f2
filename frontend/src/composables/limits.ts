import { ref } from 'vue'
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from '@/api/contract'
import { getLimits } from '@/api/resources'

const limits = ref<UploadLimits>({ ...DEFAULT_UPLOAD_LIMITS })
let asked = false

/** The server's upload limits (GET /limits), falling back to the contract's defaults. */
export function useUploadLimits() {
  if (!asked) {
    asked = true
    getLimits()
      .then((table) => {
        const uploads = table.uploads ?? {}
        limits.value = { ...DEFAULT_UPLOAD_LIMITS, ...uploads }
      })
      .catch(() => undefined)
  }
  return limits
}
