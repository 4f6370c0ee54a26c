import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Construct } from 'constructs';

/** Props of a {@link PublicCertificate}. */
export interface PublicCertificateProps {
  /** The domain: the certificate names it and `*.<domain>`. */
  readonly domain: string;
  /** Id of the public hosted zone of `domain`, where the validation record goes. */
  readonly zoneId: string;
  /**
   * Key algorithm.
   * @default 'EC_prime256v1'
   */
  readonly keyAlgorithm?: 'RSA_2048' | 'EC_prime256v1' | 'EC_secp384r1';
}

/**
 * A public ACM certificate for a domain and its one-label wildcard, validated through DNS in the
 * domain's own zone, so ACM renews it without anyone: `validation` completes only once ACM has
 * issued it. The AWS Load Balancer Controller finds it by the Ingress hosts (no ARN leaves
 * Terraform).
 */
export class PublicCertificate extends Construct {
  /** The certificate. */
  public readonly certificate: AcmCertificate;
  /** The DNS record ACM checks. */
  public readonly validationRecord: Route53Record;
  /** Completes when ACM has issued the certificate. */
  public readonly validation: AcmCertificateValidation;

  constructor(scope: Construct, id: string, props: PublicCertificateProps) {
    super(scope, id);
    this.certificate = new AcmCertificate(this, 'certificate', {
      domainName: props.domain,
      subjectAlternativeNames: [`*.${props.domain}`],
      validationMethod: 'DNS',
      keyAlgorithm: props.keyAlgorithm ?? 'EC_prime256v1',
      options: { certificateTransparencyLoggingPreference: 'ENABLED' },
      // a replacement is issued before the old one goes: the listener never loses its certificate
      lifecycle: { createBeforeDestroy: true },
    });
    // the domain and its wildcard share one validation record, so the first option is all of them
    const option = this.certificate.domainValidationOptions.get(0);
    this.validationRecord = new Route53Record(this, 'validation-record', {
      zoneId: props.zoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    });
    this.validation = new AcmCertificateValidation(this, 'validation', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: [this.validationRecord.fqdn],
    });
  }
}
