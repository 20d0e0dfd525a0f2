import { shallowRef } from 'vue'
import type { Action, Run } from '@/api/contract'
import { useLiveRun } from './liveRun'

export interface SessionStep {
  label: string
  run: Run
}

/**
 * A tool session's runs on a page (the tool's page, the editor's sandbox): one labelled step per
 * run, the newest followed live, and the actions the session offers next.
 */
export function useSessionSteps() {
  const live = useLiveRun()
  const steps = shallowRef<SessionStep[]>([])
  const pending = shallowRef<Action[]>([])

  /** A run was started: the first of a new session (`first`), or the session's next step. */
  function addStep(label: string, run: Run, first = false): void {
    pending.value = []
    steps.value = first ? [{ label, run }] : [...steps.value, { label, run }]
    live.follow(run)
  }

  return { live, steps, pending, addStep }
}
