// zod must be configured before any schema module is evaluated.
import './zod-config';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router';
import { createAppI18n } from './i18n';
import { initialLocale } from './stores/settings';
import { useAppStore } from './stores/app';
import { installE2EHook } from './e2e-hook';
import './styles.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(router);
app.use(createAppI18n(initialLocale()));

const appStore = useAppStore(pinia);
installE2EHook(() => appStore.ready());
// The shell renders at once; the carrier status in the top bar shows the connection being made.
appStore.connect().catch(() => {
  // shown by the top bar and the pages from appStore.error
});

app.mount('#app');
