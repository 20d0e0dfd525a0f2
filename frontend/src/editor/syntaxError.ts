/** Where a failed sandbox run's syntax error sits, from the error's fields or its message. */
export interface SyntaxProblem {
  file: string
  line: number
  column: number
  message: string
}

export function syntaxProblemOf(error: Record<string, unknown> | null | undefined): SyntaxProblem | null {
  if (!error || error.code !== 'syntax_error') return null
  const message = String(error.message ?? '')
  if (typeof error.line === 'number') {
    return {
      file: typeof error.file === 'string' ? error.file : 'main.py',
      line: error.line,
      column: typeof error.column === 'number' ? error.column : 1,
      message,
    }
  }
  // e.g. 'File "main.py", line 3, column 5: invalid syntax' or 'main.py:3:5: invalid syntax'
  const quoted = /File "([^"]+)", line (\d+)(?:, (?:column|col|offset) (\d+))?/i.exec(message)
  const colon = /([\w./-]+\.py):(\d+)(?::(\d+))?/.exec(message)
  const found = quoted ?? colon
  if (!found) return { file: 'main.py', line: 1, column: 1, message }
  return { file: found[1]!, line: Number(found[2]), column: Number(found[3] ?? 1), message }
}

/** A save refused for a syntax error: the field is the file's JSON path, `$.files["main.py"]`. */
export function syntaxProblemsOfSave(
  errors: readonly { field: string; code: string; message: string; line?: number; column?: number }[],
): SyntaxProblem[] {
  return errors
    .filter((e) => e.code === 'syntax_error')
    .map((e) => {
      const quoted = /^\$\.files\[("(?:[^"\\]|\\.)*")\]$/.exec(e.field)
      const file = quoted ? (JSON.parse(quoted[1]!) as string) : 'main.py'
      const located = e.line !== undefined ? null : syntaxProblemOf({ code: 'syntax_error', message: e.message })
      return located
        ? { ...located, file }
        : { file, line: e.line ?? 1, column: e.column ?? 1, message: e.message.replace(/^.*?, column \d+: /, '') }
    })
}
