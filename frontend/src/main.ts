import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { loadMessages, makeI18n, savedLocale } from './i18n'
import { makeRouter } from './router'
import './styles/main.css'

const locale = savedLocale()
document.documentElement.lang = locale
const app = createApp(App)
app.use(createPinia())
app.use(makeI18n(locale, await loadMessages(locale)))
app.use(makeRouter())
app.mount('#app')
