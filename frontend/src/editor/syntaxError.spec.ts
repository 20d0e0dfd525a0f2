import { describe, expect, it } from 'vitest'
import { syntaxProblemOf, syntaxProblemsOfSave } from './syntaxError'

describe('syntax errors', () => {
  it('a refused save points at the file, line and column the server names', () => {
    const problems = syntaxProblemsOfSave([
      { field: 'change_summary', code: 'required', message: 'Required.' },
      { field: '$.files["lib/hjälp.py"]', code: 'syntax_error', message: 'lib/hjälp.py, line 3, column 7: invalid syntax', line: 3, column: 7 },
    ])
    expect(problems).toEqual([{ file: 'lib/hjälp.py', line: 3, column: 7, message: 'invalid syntax' }])
  })

  it('without line and column fields, reads them from the message', () => {
    const [problem] = syntaxProblemsOfSave([{ field: '$.files["main.py"]', code: 'syntax_error', message: 'main.py:4:2: bad indent' }])
    expect(problem).toMatchObject({ file: 'main.py', line: 4, column: 2 })
  })

  it('a failed sandbox run with a syntax error is located from its message', () => {
    expect(syntaxProblemOf({ code: 'syntax_error', message: 'File "main.py", line 2, column 9: invalid syntax' })).toMatchObject({
      file: 'main.py',
      line: 2,
      column: 9,
    })
    expect(syntaxProblemOf({ code: 'tool_error', message: 'x' })).toBeNull()
  })
})
