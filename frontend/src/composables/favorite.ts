import type { Ref } from 'vue'
import type { ToolSummary } from '@/api/contract'
import { setFavorite } from '@/api/resources'

/** Toggle a favorite at once and undo it if the server says no. */
export async function toggleFavorite(
  tools: Ref<ToolSummary[]>,
  slug: string,
  on: boolean,
  onError: (cause: unknown) => void,
): Promise<void> {
  const flip = (value: boolean) => {
    tools.value = tools.value.map((tool) => (tool.slug === slug ? { ...tool, is_favorite: value } : tool))
  }
  flip(on)
  try {
    await setFavorite(slug, on)
  } catch (cause) {
    flip(!on)
    onError(cause)
  }
}
