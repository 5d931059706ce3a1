import { startEmulator } from '/work/main/scripts/lib/emulator';
(async () => { const em = await startEmulator({ accountId: '123456789012', region: 'eu-west-1' }); console.log(em.endpoint, JSON.stringify(em.env())); setTimeout(() => em.stop(), 240000); })();
