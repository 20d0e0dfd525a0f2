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
        limits.value = {
          max_files: table.upload_files,
          max_file_bytes: table.upload_file_bytes,
          max_total_bytes: table.upload_total_bytes,
        }
      })
      .catch(() => undefined)
  }
  return limits
}
