import { onBeforeUnmount, shallowRef } from 'vue'
import { isTerminal, type Run } from '@/api/contract'
import { getRun, runEventsUrl } from '@/api/resources'

/** While a run waits, re-read it this often: its place in the queue moves without an event. */
export const QUEUED_REFRESH_MS = 3000

/**
 * Follow a run live: Server-Sent Events (`event: run`, the Run as JSON) until the terminal run;
 * if the stream cannot be opened or breaks, poll once a second instead so the page never stalls.
 */
export function useLiveRun() {
  const run = shallowRef<Run | null>(null)
  let source: EventSource | null = null
  let poll: ReturnType<typeof setTimeout> | undefined
  let queued: ReturnType<typeof setTimeout> | undefined
  let following: string | null = null

  function stop(): void {
    source?.close()
    source = null
    clearTimeout(poll)
    clearTimeout(queued)
    following = null
  }

  function accept(next: Run): void {
    if (next.id !== following) return
    run.value = next
    if (isTerminal(next.status)) return stop()
    clearTimeout(queued)
    if (next.status === 'queued' && source) {
      queued = setTimeout(() => {
        getRun(next.id).then(accept).catch(() => undefined)
      }, QUEUED_REFRESH_MS)
    }
  }

  function pollNow(id: string): void {
    getRun(id)
      .then(accept)
      .catch(() => undefined)
      .finally(() => {
        if (following === id) poll = setTimeout(() => pollNow(id), 1000)
      })
  }

  function follow(initial: Run): void {
    stop()
    following = initial.id
    run.value = initial
    if (isTerminal(initial.status)) return stop()
    if (typeof EventSource === 'undefined') return pollNow(initial.id)
    source = new EventSource(runEventsUrl(initial.id))
    accept(initial)
    source.addEventListener('run', (event) => accept(JSON.parse((event as MessageEvent<string>).data) as Run))
    source.onerror = () => {
      const id = following
      source?.close()
      source = null
      if (id) pollNow(id)
    }
  }

  onBeforeUnmount(stop)
  return { run, follow, stop }
}
