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

  it('shows a Config rule run: the evaluation reported to AWS Config and the finding of the non-compliant resource', () => {
    const section = renderAlertGallery().split('\n## exposed-ports-rule (AWS Config rule)\n')[1] ?? '';
    expect(section).toContain('### AWS Config evaluation (PutEvaluations)');
    expect(section).toContain('"ComplianceType": "NON_COMPLIANT"');
    expect(section).toContain('"Id": "security-guards/exposed-ports-rule/sg-0a1b2c3d4e5f60003"');
    expect(section).toContain('"ProductArn": "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default"');
  });
});
