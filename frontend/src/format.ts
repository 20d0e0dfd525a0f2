/** Sizes, durations and times in the user's language. */

export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'kB', 'MB', 'GB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits })} ${units[unit]}`
}

export function formatSeconds(seconds: number, locale: string): string {
  return seconds.toLocaleString(locale, { maximumFractionDigits: 1, minimumFractionDigits: seconds < 10 ? 1 : 0 })
}

export function formatTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })
}

export function secondsBetween(from: string | null, to: string | null | Date): number | null {
  if (!from || !to) return null
  const end = to instanceof Date ? to.getTime() : new Date(to).getTime()
  return Math.max(0, (end - new Date(from).getTime()) / 1000)
}
