import { describe, expect, it } from 'vitest'
import { toTsv } from './clipboard'
import { sheetName, workbook } from './xlsx'

const columns = [
  { key: 'namn', label: 'Namn' },
  { key: 'poang', label: 'Poäng', type: 'number' },
]

describe('a table leaves the page', () => {
  it('as tab-separated text that pastes into columns, quoting cells that would split', () => {
    const tsv = toTsv(columns, [{ namn: 'Nguyen, Linh', poang: '3,5' }, { namn: 'Tab\there "x"', poang: null }])
    expect(tsv).toBe('Namn\tPoäng\nNguyen, Linh\t3,5\n"Tab\there ""x"""\t\n')
  })

  it('as an .xlsx: a ZIP whose sheet keeps numbers as numbers and text as text', () => {
    const data = workbook(columns, [{ namn: 'Åsa <3', poang: 12.5 }], 'Resultat: 7A')
    expect([...data.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04])
    const text = new TextDecoder().decode(data)
    expect(text).toContain('<c r="B2"><v>12.5</v></c>')
    expect(text).toContain('<t xml:space="preserve">Åsa &lt;3</t>')
    expect(text).toContain('name="Resultat  7A"')
    expect(sheetName('x'.repeat(40))).toHaveLength(31)
  })
})
