import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import type { SystemStatus } from '@/api/contract'
import { getSystemStatus } from '@/api/resources'

/** How often the SPA asks whether a worker is alive (the server's window is 30 s). */
export const STATUS_POLL_MS = 10_000

/**
 * Poll GET /system/status while `active` (signed in): `noWorker` turns true when no worker has
 * heartbeated within the server's window, so queued runs would wait forever. A failed poll
 * changes nothing (the session may have ended; other views report that).
 */
export function useSystemStatus(active: Ref<boolean>, pollMs = STATUS_POLL_MS) {
  const status = ref<SystemStatus | null>(null)
  const noWorker = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined

  async function poll(): Promise<void> {
    try {
      status.value = await getSystemStatus()
      noWorker.value = status.value.workers_alive === 0
    } catch {
      // keep the last answer
    } finally {
      if (active.value) timer = setTimeout(poll, pollMs)
    }
  }

  watch(
    active,
    (on) => {
      clearTimeout(timer)
      if (on) void poll()
      else noWorker.value = false
    },
    { immediate: true },
  )
  onBeforeUnmount(() => clearTimeout(timer))
  return { status, noWorker }
}
