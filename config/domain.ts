// The custom domain of the stage's account, if it has one: the stack of the account's `ownerStage` creates
// the domain name (regional, TLS 1.2); every stage maps its API under its `http.basePath` (null: the root).
import path from 'node:path';
import fs from 'node:fs';
import type { Resources } from './cloudformation';
import { listYaml, readYaml, root, type Account, type StageConfig } from './stages';

type StageFile = { account?: string; http?: { basePath?: string | null } };

export function customDomainResources(stage: string, stageConfig: StageConfig, account: Account) {
  const domain = account.customDomain;
  if (!domain) return { resources: {}, outputs: {} };
  const { basePath } = stageConfig.http;
  const owner = domain.ownerStage;
  const ownerFile = path.join(root, 'config', 'stages', `${owner}.yml`);
  if (!fs.existsSync(ownerFile) || (readYaml(ownerFile) as StageFile).account !== stageConfig.account) {
    throw new Error(`config/accounts/${stageConfig.account}.yml: customDomain.ownerStage "${owner}" is not a stage of this account`);
  }
  for (const other of listYaml('stages')) {
    if (other === stage) continue;
    const otherConfig = readYaml(path.join(root, 'config', 'stages', `${other}.yml`)) as StageFile;
    if (otherConfig.account === stageConfig.account && (otherConfig.http?.basePath ?? null) === basePath) {
      throw new Error(`config/stages/${stage}.yml: stages ${stage} and ${other} would both map ${domain.domainName}/${basePath ?? ''}`);
    }
  }
  const resources: Resources = {};
  if (stage === owner) {
    resources.CustomDomainName = {
      Type: 'AWS::ApiGatewayV2::DomainName',
      Properties: {
        DomainName: domain.domainName,
        DomainNameConfigurations: [{ CertificateArn: domain.certificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
      },
    };
  }
  resources.CustomDomainApiMapping = {
    Type: 'AWS::ApiGatewayV2::ApiMapping',
    Properties: {
      ApiId: { Ref: 'HttpApi' },
      // In the owner's stack a Ref, so that CloudFormation creates the domain first.
      DomainName: stage === owner ? { Ref: 'CustomDomainName' } : domain.domainName,
      Stage: { Ref: 'HttpApiStage' },
      ...(basePath ? { ApiMappingKey: basePath } : {}),
    },
  };
  const outputs = {
    CustomDomainUrl: {
      Description: 'URL of the API on the custom domain',
      Value: `https://${domain.domainName}${basePath ? `/${basePath}` : ''}`,
    },
  };
  return { resources, outputs };
}
