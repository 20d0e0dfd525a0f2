/**
 * Markdown from tools and tool authors, made safe: markdown-it with raw HTML off, then DOMPurify
 * on the HTML it produced, allowing only plain document elements and http(s)/mailto links.
 */
import DOMPurify from 'dompurify'
import MarkdownIt from 'markdown-it'

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false })

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 's', 'code', 'pre',
  'blockquote', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img',
]
const ALLOWED_ATTR = ['href', 'title', 'alt', 'src', 'start', 'align']
const SAFE_URL = /^(?:https?:|mailto:|#|\/(?!\/))/i

let hooked = false
function hookOnce(): void {
  if (hooked) return
  hooked = true
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    for (const attr of ['href', 'src']) {
      const value = node.getAttribute(attr)
      if (value !== null && !SAFE_URL.test(value.trim())) node.removeAttribute(attr)
    }
    if (node.tagName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('rel', 'noopener noreferrer nofollow')
      node.setAttribute('target', '_blank')
    }
  })
}

export function renderMarkdown(source: string): string {
  hookOnce()
  return DOMPurify.sanitize(md.render(source), {
    ALLOWED_TAGS,
    ALLOWED_ATTR: [...ALLOWED_ATTR, 'rel', 'target'],
    ALLOW_DATA_ATTR: false,
  })
}
