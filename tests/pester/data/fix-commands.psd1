# The commands a remediation fix may name, with the parameters each accepts. Every entry was checked against the
# command's official reference (the link above it); a fix naming anything else fails RemediationFix.Tests.ps1.
# PowerShell commands built into pwsh (Where-Object, ForEach-Object, ...) need no entry: the test asks pwsh itself.
@{
    AzureCli   = @{
        # https://learn.microsoft.com/cli/azure/resource#az-resource-update
        'az resource update'                            = @('--ids', '--set', '--add', '--remove', '--api-version', '--name', '--resource-group', '--resource-type', '--namespace', '--parent')
        # https://learn.microsoft.com/cli/azure/reference-index#az-rest
        'az rest'                                       = @('--method', '--uri', '--url', '--body', '--headers', '--resource', '--uri-parameters')
        # https://learn.microsoft.com/cli/azure/security/pricing#az-security-pricing-create
        'az security pricing create'                    = @('--name', '--tier', '--subplan', '--extensions', '--subscription')
        # https://learn.microsoft.com/cli/azure/monitor/diagnostic-settings#az-monitor-diagnostic-settings-create
        'az monitor diagnostic-settings create'         = @('--name', '--resource', '--logs', '--metrics', '--workspace', '--storage-account', '--event-hub', '--event-hub-rule')
        # https://learn.microsoft.com/cli/azure/network/private-endpoint-connection#az-network-private-endpoint-connection-approve
        'az network private-endpoint-connection approve' = @('--id', '--description', '--name', '--resource-group', '--resource-name', '--type')
        # https://learn.microsoft.com/cli/azure/network/private-endpoint#az-network-private-endpoint-create
        'az network private-endpoint create'            = @('--name', '--resource-group', '--vnet-name', '--subnet', '--private-connection-resource-id', '--group-id', '--connection-name', '--location', '--manual-request')
        # https://learn.microsoft.com/cli/azure/network/nsg/rule#az-network-nsg-rule-update
        'az network nsg rule update'                    = @('--ids', '--access', '--source-address-prefixes', '--destination-port-ranges', '--name', '--nsg-name', '--resource-group')
        # https://learn.microsoft.com/cli/azure/network/nsg/rule#az-network-nsg-rule-delete
        'az network nsg rule delete'                    = @('--ids', '--name', '--nsg-name', '--resource-group')
        # https://learn.microsoft.com/cli/azure/role/assignment#az-role-assignment-delete
        'az role assignment delete'                     = @('--ids', '--assignee', '--role', '--scope')
        # https://learn.microsoft.com/cli/azure/role/assignment#az-role-assignment-create
        'az role assignment create'                     = @('--assignee-object-id', '--assignee-principal-type', '--role', '--scope')
        # https://learn.microsoft.com/cli/azure/keyvault#az-keyvault-update
        'az keyvault update'                            = @('--name', '--resource-group', '--enable-purge-protection', '--enable-rbac-authorization', '--public-network-access', '--default-action', '--bypass')
        # https://learn.microsoft.com/cli/azure/network/nsg/rule#az-network-nsg-rule-create
        'az network nsg rule create'                    = @('--resource-group', '--nsg-name', '--name', '--priority', '--direction', '--access', '--protocol', '--source-address-prefixes', '--destination-address-prefixes', '--destination-port-ranges', '--source-port-ranges')
        # https://learn.microsoft.com/cli/azure/network/nsg#az-network-nsg-create
        'az network nsg create'                         = @('--resource-group', '--name', '--location')
        # https://learn.microsoft.com/cli/azure/network/nic#az-network-nic-update
        'az network nic update'                         = @('--ids', '--name', '--resource-group', '--network-security-group')
        # https://learn.microsoft.com/cli/azure/network/vnet#az-network-vnet-update
        'az network vnet update'                        = @('--ids', '--name', '--resource-group', '--ddos-protection', '--ddos-protection-plan')
        # https://learn.microsoft.com/cli/azure/network/firewall/policy#az-network-firewall-policy-update (azure-firewall extension)
        'az network firewall policy update'             = @('--ids', '--name', '--resource-group', '--sku', '--key-vault-secret-id', '--cert-name')
        # https://learn.microsoft.com/cli/azure/network/private-endpoint/dns-zone-group#az-network-private-endpoint-dns-zone-group-create
        'az network private-endpoint dns-zone-group create' = @('--resource-group', '--endpoint-name', '--name', '--private-dns-zone', '--zone-name')
        # https://learn.microsoft.com/cli/azure/network/private-endpoint/dns-zone-group#az-network-private-endpoint-dns-zone-group-add
        'az network private-endpoint dns-zone-group add' = @('--resource-group', '--endpoint-name', '--name', '--private-dns-zone', '--zone-name')
        # https://learn.microsoft.com/cli/azure/network/private-dns/link/vnet#az-network-private-dns-link-vnet-create
        'az network private-dns link vnet create'       = @('--resource-group', '--zone-name', '--name', '--virtual-network', '--registration-enabled')
        # https://learn.microsoft.com/cli/azure/network/watcher/flow-log#az-network-watcher-flow-log-create
        'az network watcher flow-log create'            = @('--location', '--resource-group', '--name', '--vnet', '--nsg', '--storage-account', '--retention', '--enabled', '--workspace')
        # https://learn.microsoft.com/cli/azure/afd/security-policy#az-afd-security-policy-create
        'az afd security-policy create'                 = @('--resource-group', '--profile-name', '--security-policy-name', '--domains', '--waf-policy')
    }
    PowerShell = @{
        # https://learn.microsoft.com/powershell/module/az.accounts/connect-azaccount
        'Connect-AzAccount'                            = @('Tenant', 'Subscription', 'Identity', 'UseDeviceAuthentication')
        # https://learn.microsoft.com/powershell/module/az.accounts/invoke-azrestmethod
        'Invoke-AzRestMethod'                          = @('Method', 'Path', 'Payload', 'Uri')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.authentication/connect-mggraph
        'Connect-MgGraph'                              = @('Scopes', 'TenantId', 'Identity', 'ClientId', 'CertificateThumbprint', 'NoWelcome')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.applications/get-mgapplication
        'Get-MgApplication'                            = @('ApplicationId', 'Property', 'Filter', 'All')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.applications/get-mgserviceprincipal
        'Get-MgServicePrincipal'                       = @('ServicePrincipalId', 'Property', 'Filter', 'All')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.identity.signins/update-mgoauth2permissiongrant
        'Update-MgOauth2PermissionGrant'               = @('OAuth2PermissionGrantId', 'Scope', 'BodyParameter')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.authentication/invoke-mggraphrequest
        'Invoke-MgGraphRequest'                        = @('Method', 'Uri', 'Body', 'ContentType', 'OutputType', 'Headers')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.applications/remove-mgserviceprincipalapproleassignment
        'Remove-MgServicePrincipalAppRoleAssignment'   = @('ServicePrincipalId', 'AppRoleAssignmentId')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.identity.signins/remove-mgoauth2permissiongrant
        'Remove-MgOauth2PermissionGrant'               = @('OAuth2PermissionGrantId')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.identity.governance/remove-mgrolemanagementdirectoryroleassignment
        'Remove-MgRoleManagementDirectoryRoleAssignment' = @('UnifiedRoleAssignmentId')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.applications/remove-mgapplicationpassword
        'Remove-MgApplicationPassword'                 = @('ApplicationId', 'KeyId')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.applications/remove-mgserviceprincipalpassword
        'Remove-MgServicePrincipalPassword'            = @('ServicePrincipalId', 'KeyId')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.applications/update-mgserviceprincipal
        'Update-MgServicePrincipal'                    = @('ServicePrincipalId', 'AppRoleAssignmentRequired', 'AccountEnabled', 'KeyCredentials', 'BodyParameter')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.applications/update-mgapplication
        'Update-MgApplication'                         = @('ApplicationId', 'KeyCredentials', 'PasswordCredentials', 'BodyParameter')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.applications/new-mgapplicationowner (NewOwnerByRef)
        'New-MgApplicationOwnerByRef'                  = @('ApplicationId', 'OdataId', 'BodyParameter')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.applications/remove-mgapplicationownerdirectoryobjectbyref
        'Remove-MgApplicationOwnerDirectoryObjectByRef' = @('ApplicationId', 'DirectoryObjectId')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.identity.signins/update-mgidentityconditionalaccesspolicy
        'Update-MgIdentityConditionalAccessPolicy'     = @('ConditionalAccessPolicyId', 'BodyParameter', 'State')
        # https://learn.microsoft.com/powershell/module/microsoft.graph.identity.signins/new-mgidentityconditionalaccesspolicy
        'New-MgIdentityConditionalAccessPolicy'        = @('BodyParameter')
        # https://learn.microsoft.com/powershell/module/exchangepowershell/new-dlpcompliancepolicy
        'New-DlpCompliancePolicy'                      = @('Name', 'Locations', 'EnforcementPlanes', 'Mode', 'Comment')
        # https://learn.microsoft.com/powershell/module/exchangepowershell/new-appretentioncompliancepolicy
        'New-AppRetentionCompliancePolicy'             = @('Name', 'Applications', 'ExchangeLocation', 'Comment', 'Enabled')
        # https://learn.microsoft.com/powershell/module/exchangepowershell/new-insiderriskpolicy
        'New-InsiderRiskPolicy'                        = @('Name', 'InsiderRiskScenario')
        # https://learn.microsoft.com/powershell/module/exchangepowershell/set-dlpcompliancepolicy
        'Set-DlpCompliancePolicy'                      = @('Identity', 'Mode', 'Enabled')
        # https://learn.microsoft.com/powershell/module/exchangepowershell/set-appretentioncompliancepolicy
        'Set-AppRetentionCompliancePolicy'             = @('Identity', 'Applications', 'Enabled')
        # https://learn.microsoft.com/powershell/module/exchangepowershell/set-insiderriskpolicy
        'Set-InsiderRiskPolicy'                        = @('Identity', 'Enabled')
        # https://learn.microsoft.com/powershell/module/exchangepowershell/new-supervisoryreviewpolicyv2
        'New-SupervisoryReviewPolicyV2'                = @('Name', 'Reviewers', 'Comment', 'Enabled')
        # https://learn.microsoft.com/powershell/module/exchangepowershell/set-supervisoryreviewpolicyv2
        'Set-SupervisoryReviewPolicyV2'                = @('Identity', 'Enabled', 'AddReviewers', 'Comment')
        # https://learn.microsoft.com/powershell/module/exchangepowershell/set-adminauditlogconfig (Exchange Online PowerShell)
        'Set-AdminAuditLogConfig'                      = @('UnifiedAuditLogIngestionEnabled')
        # https://learn.microsoft.com/powershell/module/exchangepowershell/new-featureconfiguration
        'New-FeatureConfiguration'                     = @('Name', 'FeatureScenario', 'Mode', 'ScenarioConfig', 'Locations', 'Comment')
        # https://learn.microsoft.com/powershell/module/exchangepowershell/set-featureconfiguration
        'Set-FeatureConfiguration'                     = @('Identity', 'Mode', 'ScenarioConfig', 'Locations', 'Comment')
        # https://learn.microsoft.com/powershell/module/exchangepowershell/new-label
        'New-Label'                                    = @('Name', 'DisplayName', 'Tooltip', 'ContentType', 'EncryptionEnabled', 'EncryptionProtectionType', 'EncryptionRightsDefinitions', 'Comment', 'ParentId')
        # https://learn.microsoft.com/powershell/module/exchangepowershell/new-labelpolicy
        'New-LabelPolicy'                              = @('Name', 'Labels', 'ExchangeLocation', 'Comment', 'AdvancedSettings')
        # https://learn.microsoft.com/powershell/module/az.resources/remove-azroleassignment
        'Remove-AzRoleAssignment'                      = @('ObjectId', 'RoleDefinitionName', 'RoleDefinitionId', 'Scope')
    }
}
