import { ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { describeError } from './problem'

/** Loading, data and an error in words for one async source; `run` can be called again. */
export function useLoader<T>(load: () => Promise<T>) {
  const { t } = useI18n()
  const data = shallowRef<T | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const failure = shallowRef<unknown>(null)
  let generation = 0

  async function run(): Promise<void> {
    const mine = ++generation // a slower earlier request must not overwrite a newer answer
    loading.value = true
    error.value = null
    try {
      const value = await load()
      if (mine === generation) data.value = value
    } catch (cause) {
      if (mine === generation) {
        failure.value = cause
        error.value = describeError(cause, t)
      }
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  return { data, loading, error, failure, run }
}
