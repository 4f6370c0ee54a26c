import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { all, synth } from './synth';
import { PublicCertificate } from '../../../constructs/aws/public-certificate';

const build = () => synth((s) => new PublicCertificate(s, 'c', { domain: 'dev.example.com', zoneId: 'Z123' }));

test('the domain and its one-label wildcard, validated through DNS, logged to certificate transparency, replaced before destroyed', () => {
  const [cert] = all(build().resources, AcmCertificate.tfResourceType);
  expect(cert).toMatchObject({
    domain_name: 'dev.example.com',
    subject_alternative_names: ['*.dev.example.com'],
    validation_method: 'DNS',
    options: { certificate_transparency_logging_preference: 'ENABLED' },
    lifecycle: { create_before_destroy: true },
  });
});

test('the validation record goes into the given zone, and the validation waits for exactly that record', () => {
  const { resources } = build();
  const [record] = all(resources, Route53Record.tfResourceType);
  const [validation] = all(resources, AcmCertificateValidation.tfResourceType);
  expect(record.zone_id).toBe('Z123');
  for (const field of ['name', 'type']) expect(record[field]).toMatch(/^\$\{tolist\(aws_acm_certificate\.[^.]+\.domain_validation_options\)\.0\.resource_record_/);
  expect(validation.certificate_arn).toMatch(/^\$\{aws_acm_certificate\.[^.]+\.arn\}$/);
  expect(validation.validation_record_fqdns).toEqual([expect.stringMatching(/^\$\{aws_route53_record\.[^.]+\.fqdn\}$/)]);
});
