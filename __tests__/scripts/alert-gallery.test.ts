import { readFileSync } from 'node:fs';
import { galleryFile, renderAlertGallery } from '../../scripts/alert-gallery';

describe('docs/alert-gallery.md', () => {
  it('is what `npm run gallery` makes from the fixtures today (run it after changing an alert)', () => {
    expect(readFileSync(galleryFile, 'utf8')).toBe(renderAlertGallery());
  });

  it('shows, for one event of each alerting guard, the e-mail, the chat message and the Security Hub finding', () => {
    const gallery = renderAlertGallery();
    for (const guard of ['instance-quarantine', 'region-lockdown', 'signin-alert', 'iam-change-alert', 'sg-change-alert', 'hub-tamper-alert', 'detections']) {
      const section = gallery.split(`\n## ${guard}\n`)[1]?.split('\n## ')[0] ?? '';
      expect(section).toContain('### E-mail');
      expect(section).toContain('"source": "custom"');
      expect(section).toContain('### Security Hub finding');
    }
    expect(gallery).toContain('"Id": "security-guards/instance-quarantine/');
    expect(gallery).toContain('"Id": "security-guards/detections/cloudtrail-changes/');
  });
});
