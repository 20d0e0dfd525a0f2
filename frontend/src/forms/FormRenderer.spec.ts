import { afterEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import type { Field, UploadLimits } from '@/api/contract'
import { fileOf, mountWithApp } from '@/test/mount'
import FormRenderer from './FormRenderer.vue'
import { checkForm, collectInputs, initialValues, toFormData, type FormValues } from './validate'

const EVERY_KIND: Field[] = [
  { name: 'title', kind: 'string', label: 'Rubrik', max_length: 5, placeholder: 'Skriv' },
  { name: 'notes', kind: 'text', label: 'Anteckningar', help: 'Fritext' },
  { name: 'count', kind: 'integer', label: 'Antal', min: 1, max: 10 },
  { name: 'ratio', kind: 'number', label: 'Andel', min: 0, max: 1 },
  { name: 'strict', kind: 'boolean', label: 'Strikt', default: true },
  { name: 'grade', kind: 'enum', label: 'Betyg', options: [{ value: 'A', label: 'A' }, { value: 'B', label: 'B' }] },
  { name: 'classes', kind: 'multi_enum', label: 'Klasser', min_items: 1, max_items: 2, options: [{ value: '7a', label: '7A' }, { value: '7b', label: '7B' }, { value: '7c', label: '7C' }] },
  { name: 'day', kind: 'date', label: 'Dag', min: '2026-01-01', max: '2026-12-31' },
  { name: 'lists', kind: 'file', label: 'Klasslistor', accept: ['.csv', '.xlsx'], max_files: 3, max_bytes: 1000 },
]

function render(fields: Field[], values?: FormValues, limits?: UploadLimits) {
  const wrapper = mountWithApp(FormRenderer, {
    props: {
      fields,
      idPrefix: 't',
      modelValue: values ?? initialValues(fields),
      ...(limits ? { limits } : {}),
      'onUpdate:modelValue': (next: FormValues) => wrapper.setProps({ modelValue: next }),
    },
  })
  return wrapper
}

const validate = (wrapper: ReturnType<typeof render>) => (wrapper.vm as unknown as { validate(): boolean }).validate()
const errorOf = (wrapper: ReturnType<typeof render>, name: string) => wrapper.find(`#t-${name}-error`).text()

afterEach(() => {
  document.body.innerHTML = ''
})

describe('FormRenderer draws every field kind', () => {
  it('gives each kind its control, labelled', () => {
    const wrapper = render(EVERY_KIND)
    expect(wrapper.find('input#t-title[type=text]').attributes('placeholder')).toBe('Skriv')
    expect(wrapper.find('textarea#t-notes').exists()).toBe(true)
    expect(wrapper.find('input#t-count').attributes('inputmode')).toBe('numeric')
    expect(wrapper.find('input#t-ratio').attributes('inputmode')).toBe('decimal')
    expect((wrapper.find('input#t-strict[type=checkbox]').element as HTMLInputElement).checked).toBe(true)
    expect(wrapper.findAll('select#t-grade option').map((o) => o.text())).toEqual(['Välj…', 'A', 'B'])
    expect(wrapper.find('fieldset legend').text()).toContain('Klasser')
    expect(wrapper.findAll('[data-field=classes] input[type=checkbox]')).toHaveLength(3)
    expect(wrapper.find('input#t-day[type=date]').attributes('min')).toBe('2026-01-01')
    expect(wrapper.find('input#t-lists[type=file]').attributes('accept')).toBe('.csv,.xlsx')
    expect(wrapper.find('input#t-lists').attributes('multiple')).toBeDefined()
    // every control that is not a group has a <label for> pointing at it
    for (const id of ['title', 'notes', 'count', 'ratio', 'grade', 'day', 'lists']) {
      expect(wrapper.find(`label[for=t-${id}]`).exists(), id).toBe(true)
    }
    expect(wrapper.find('#t-notes-help').text()).toBe('Fritext')
    expect(wrapper.find('#t-notes').attributes('aria-describedby')).toContain('t-notes-help')
  })

  it('emits the edited values', async () => {
    const wrapper = render(EVERY_KIND)
    await wrapper.find('#t-title').setValue('Hej')
    await wrapper.find('[data-field=classes] input[value="7b"]').setValue(true)
    await wrapper.find('#t-grade').setValue('B')
    const values = wrapper.props('modelValue') as FormValues
    expect(values.title).toBe('Hej')
    expect(values.classes).toEqual(['7b'])
    expect(values.grade).toBe('B')
  })
})

describe('FormRenderer checks like the server', () => {
  it('flags a required field left empty and focuses it', async () => {
    const wrapper = render([{ name: 'name', kind: 'string', label: 'Namn', required: true }], { name: '   ' })
    expect(validate(wrapper)).toBe(false)
    await nextTick()
    expect(errorOf(wrapper, 'name')).toBe('Fyll i Namn.')
    expect(wrapper.find('#t-name').attributes('aria-invalid')).toBe('true')
    expect(document.activeElement?.id).toBe('t-name')
  })

  it('shows required in words next to the label', () => {
    const wrapper = render([{ name: 'name', kind: 'string', label: 'Namn', required: true }])
    expect(wrapper.find('label[for=t-name]').text()).toBe('Namn (obligatoriskt)')
  })

  it.each([
    ['count', '0', 'Minst 1.'],
    ['count', '11', 'Högst 10.'],
    ['count', '2,5', 'Ange ett heltal.'],
    ['count', 'tre', 'Ange ett tal.'],
    ['ratio', '1,5', 'Högst 1.'],
    ['title', 'sextecken', 'Högst 5 tecken.'],
    ['day', '2025-12-31', 'Tidigast 2026-01-01.'],
  ])('rejects %s = %s with "%s"', async (name, value, message) => {
    const wrapper = render(EVERY_KIND, { ...initialValues(EVERY_KIND), [name]: value })
    expect(validate(wrapper)).toBe(false)
    await nextTick()
    expect(errorOf(wrapper, name)).toBe(message)
  })

  it('accepts values inside the bounds, with a decimal comma', () => {
    const values = { ...initialValues(EVERY_KIND), count: '10', ratio: '0,25', title: 'Fem!!', day: '2026-06-01', classes: ['7a'] }
    expect(checkForm(EVERY_KIND, values)).toEqual({})
  })

  it('takes whole steps from the minimum, as the server does', () => {
    const halves: Field[] = [{ name: 'betyg', kind: 'number', label: 'Betyg', min: 1, max: 5, step: 0.5 }]
    expect(checkForm(halves, { betyg: '1,5' })).toEqual({})
    expect(checkForm(halves, { betyg: '4' })).toEqual({})
    expect(Object.keys(checkForm(halves, { betyg: '2,25' }))).toEqual(['betyg'])
  })

  it('counts multi-choice items against min and max', async () => {
    const wrapper = render(EVERY_KIND, { ...initialValues(EVERY_KIND), classes: ['7a', '7b', '7c'] })
    expect(validate(wrapper)).toBe(false)
    await nextTick()
    expect(errorOf(wrapper, 'classes')).toBe('Välj högst 2.')
  })

  it('shows the server’s field errors', () => {
    const wrapper = mountWithApp(FormRenderer, {
      props: { fields: EVERY_KIND, idPrefix: 't', modelValue: initialValues(EVERY_KIND), serverErrors: { grade: 'Okänt betyg.' } },
    })
    expect(wrapper.find('#t-grade-error').text()).toBe('Okänt betyg.')
  })
})

describe('FormRenderer takes files', () => {
  const fileField: Field = { name: 'lists', kind: 'file', label: 'Klasslistor', accept: ['.csv'], max_files: 2, max_bytes: 1000, required: true }

  async function drop(wrapper: ReturnType<typeof render>, files: File[]) {
    await wrapper.find('[data-testid=dropzone]').trigger('drop', { dataTransfer: { files } })
  }

  it('lists dropped files with name and size, and removes one', async () => {
    const wrapper = render([fileField])
    await drop(wrapper, [fileOf('7a.csv', 120), fileOf('7b.CSV', 2048 - 1148)])
    const items = wrapper.findAll('.filedrop__file')
    expect(items).toHaveLength(2)
    expect(items[0]!.text()).toContain('7a.csv')
    expect(items[0]!.text()).toContain('120 B')
    expect(items[1]!.text()).toContain('900 B')
    await items[0]!.find('button').trigger('click')
    expect(wrapper.findAll('.filedrop__file').map((li) => li.find('.filedrop__name').text())).toEqual(['7b.CSV'])
    expect(wrapper.find('button[aria-label="Ta bort 7b.CSV"]').exists()).toBe(true)
  })

  it('refuses a file of the wrong type at once', async () => {
    const wrapper = render([fileField])
    await drop(wrapper, [fileOf('betyg.pdf', 10, 'application/pdf')])
    expect(errorOf(wrapper, 'lists')).toBe('betyg.pdf har fel filtyp. Tillåtna: .csv.')
  })

  it('refuses a file over the field’s size limit', async () => {
    const wrapper = render([fileField])
    await drop(wrapper, [fileOf('stor.csv', 1001)])
    expect(errorOf(wrapper, 'lists')).toMatch(/^stor\.csv är 1[\s\u00a0]?001 B; största tillåtna är 1[\s\u00a0]?000 B\.$/)
  })

  it('refuses more files than allowed', async () => {
    const wrapper = render([fileField])
    await drop(wrapper, [fileOf('a.csv', 1), fileOf('b.csv', 2), fileOf('c.csv', 3)])
    expect(errorOf(wrapper, 'lists')).toBe('Högst 2 filer.')
  })

  it('requires a file when the field is required', async () => {
    const wrapper = render([fileField])
    expect(validate(wrapper)).toBe(false)
    await nextTick()
    expect(errorOf(wrapper, 'lists')).toBe('Fyll i Klasslistor.')
  })

  it('applies the server’s upload limits: per file and the total per run', () => {
    const limits = { max_files: 20, max_file_bytes: 100, max_total_bytes: 150 }
    const open: Field = { name: 'f', kind: 'file', label: 'Filer', max_files: 10 }
    expect(checkForm([open], { f: [fileOf('a.csv', 101)] }, limits).f?.key).toBe('form.fileTooBig')
    expect(checkForm([open], { f: [fileOf('a.csv', 100), fileOf('b.csv', 60)] }, limits).f?.key).toBe('form.totalTooBig')
    expect(checkForm([open], { f: [fileOf('a.csv', 100), fileOf('b.csv', 50)] }, limits)).toEqual({})
  })

  it('describes the limits next to the drop zone', () => {
    const wrapper = render([fileField])
    expect(wrapper.find('#t-lists-limits').text()).toContain('Tillåtna filtyper: .csv.')
    expect(wrapper.find('#t-lists-limits').text()).toContain('Högst 2 filer')
  })
})

describe('what the form sends', () => {
  it('trims strings, leaves empty ones out and coerces numbers', () => {
    const values = { ...initialValues(EVERY_KIND), title: '  Hej ', notes: '   ', count: '3', ratio: '0,5', strict: false }
    expect(collectInputs(EVERY_KIND, values)).toEqual({ title: 'Hej', count: 3, ratio: 0.5, strict: false })
  })

  it('puts the inputs in one JSON part and each file under its field name', async () => {
    const fields: Field[] = [{ name: 'klass', kind: 'string', label: 'Klass' }, { name: 'lista', kind: 'file', label: 'Lista' }]
    const form = toFormData(fields, { klass: '7A', lista: [fileOf('7a.csv', 3)] })
    expect(JSON.parse(String(form.get('inputs')))).toEqual({ klass: '7A' })
    expect((form.get('lista') as File).name).toBe('7a.csv')
  })
})
