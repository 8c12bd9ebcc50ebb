// Hash history: the app is loaded from a file/app:// URL in Electron and from / in browser mode,
// and only the part after # is ours in both.
import { createRouter, createWebHashHistory } from 'vue-router';
import HostsView from '@/views/HostsView.vue';

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/hosts' },
    { path: '/hosts', name: 'hosts', component: HostsView, meta: { titleKey: 'hosts.title' } },
    { path: '/hosts/add', name: 'add-host', component: () => import('@/views/AddHostView.vue'), meta: { titleKey: 'addHost.title' } },
    { path: '/hosts/import', name: 'import-hosts', component: () => import('@/views/ImportSshConfigView.vue'), meta: { titleKey: 'importSsh.title' } },
    { path: '/hosts/h/:host/edit', name: 'edit-host', component: () => import('@/views/AddHostView.vue'), props: true, meta: { titleKey: 'editHost.title' } },
    { path: '/hosts/h/:host', name: 'host', component: () => import('@/views/HostView.vue'), props: true, meta: { titleKey: 'hosts.title' } },
    { path: '/hosts/h/:host/guests/:name', name: 'guest', component: () => import('@/views/GuestView.vue'), props: true, meta: { titleKey: 'hosts.title' } },
    { path: '/diagnostics', name: 'diagnostics', component: () => import('@/views/DiagnosticsView.vue'), meta: { titleKey: 'diagnostics.title' } },
    { path: '/about', name: 'about', component: () => import('@/views/AboutView.vue'), meta: { titleKey: 'about.title' } },
    { path: '/:rest(.*)*', redirect: '/hosts' },
  ],
});
