/**
 * Results as the clipboard and the file system want them: a table as tab-separated text (Excel
 * and Sheets paste it into columns) with an HTML copy beside it, markdown as rich text, a blob
 * saved under a name.
 */

export interface TableColumn {
  key: string
  label: string
}

const tsvCell = (value: unknown): string => {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  // A tab or line break would split the cell: quote it as spreadsheets do.
  return /[\t\n\r"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toTsv(columns: TableColumn[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map((c) => tsvCell(c.label)), ...rows.map((row) => columns.map((c) => tsvCell(row[c.key])))]
  return lines.map((cells) => cells.join('\t')).join('\n') + '\n'
}

const html = (text: string) => text.replace(/[<>&"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot' }[c]};`)

export function toHtmlTable(columns: TableColumn[], rows: Record<string, unknown>[]): string {
  const cell = (tag: string, value: unknown) =>
    `<${tag}>${html(value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value))}</${tag}>`
  const head = `<tr>${columns.map((c) => cell('th', c.label)).join('')}</tr>`
  const body = rows.map((row) => `<tr>${columns.map((c) => cell('td', row[c.key])).join('')}</tr>`).join('')
  return `<table><thead>${head}</thead><tbody>${body}</tbody></table>`
}

/** Copy plain text with a rich (HTML) version where the browser allows it. */
export async function copyRich(plain: string, richHtml?: string): Promise<void> {
  if (richHtml && typeof ClipboardItem !== 'undefined' && navigator.clipboard?.write) {
    try {
      await navigator.clipboard.write([
        new ClipboardItem({
          'text/plain': new Blob([plain], { type: 'text/plain' }),
          'text/html': new Blob([richHtml], { type: 'text/html' }),
        }),
      ])
      return
    } catch {
      // some browsers refuse text/html: plain text still pastes into columns
    }
  }
  await navigator.clipboard.writeText(plain)
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** A file name from a title: letters, digits, spaces and dashes kept. */
export const fileNameOf = (title: string | null | undefined, fallback: string) =>
  (title ?? '').replace(/[^\p{L}\p{N} _-]+/gu, ' ').trim().slice(0, 80) || fallback
