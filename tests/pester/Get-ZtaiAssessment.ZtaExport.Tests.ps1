BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Sample = if (Test-Path -LiteralPath (Join-Path $SamplePath 'graph')) { $SamplePath } else { Join-Path $RepoRoot 'module' 'SampleTenant' }
    $script:NotExported = 'the Zero Trust Assessment export does not include it'

    # The sample tenant as Zero Trust Assessment 2.6 exports it: zt-export/<Entity>/<Entity>-0.json pages; service
    # principals (agent identities and blueprint principals among them, as GET /servicePrincipals lists them) with
    # appRoleAssignments expanded and oauth2PermissionGrants and owners assigned per object the way ZTA assigns them,
    # $item[$name] = $($result), so PowerShell unrolls them to null, one object or an array; written {"value": [...]}
    # through ConvertTo-Json -Depth 100; sponsors expanded with their id only; ztConfig.json and the report JSON.
    function New-ZtaExportOfSample {
        $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $export = Join-Path $root 'zt-export'
        # A set is its file and its page files (<set>.<n>.json).
        function Read-Set([string] $Name) {
            $files = Get-ChildItem -File (Join-Path $Sample 'graph') | Where-Object { $_.Name -match ('^' + [regex]::Escape($Name) + '(\.[0-9]+)?\.json$') } | Sort-Object Name
            @(foreach ($file in $files) { (Get-Content -Raw -LiteralPath $file.FullName | ConvertFrom-Json -AsHashtable).value })
        }
        function Write-Page([string] $Entity, $Page) {
            $folder = New-Item -ItemType Directory -Force -Path (Join-Path $export $Entity)
            $Page | ConvertTo-Json -Depth 100 | Set-Content -LiteralPath (Join-Path $folder "$Entity-0.json") -Encoding utf8NoBOM
        }
        function Select-SponsorId($Items) {
            foreach ($item in $Items) {
                if ($item.sponsors) { $item.sponsors = @($item.sponsors | ForEach-Object { [ordered]@{ '@odata.type' = $_.'@odata.type'; id = $_.id } }) }
                $item
            }
        }

        $assignments = Read-Set 'servicePrincipals.appRoleAssignments'
        $grants = Read-Set 'oauth2PermissionGrants'
        $owners = Read-Set 'servicePrincipals.owners'
        $principals = @(Read-Set 'servicePrincipals') + @(Read-Set 'servicePrincipals.microsoft.graph.agentIdentity') + @(Read-Set 'servicePrincipals.microsoft.graph.agentIdentityBlueprintPrincipal')
        foreach ($principal in $principals) {
            $id = $principal.id
            $principal.Remove('sponsors')
            $principal['appRoleAssignments'] = @($assignments | Where-Object { $_.principalId -eq $id })
            $principal['oauth2PermissionGrants'] = $($grants | Where-Object { $_.clientId -eq $id })
            $principal['owners'] = $($owners | Where-Object { $_.ownedObjectId -eq $id } | ForEach-Object { $owner = $_.Clone(); $owner.Remove('ownedObjectId'); $owner })
        }
        Write-Page 'ServicePrincipal' @{ value = $principals }

        $entities = [ordered]@{
            Application                     = 'applications'
            AgentIdentity                   = 'servicePrincipals.microsoft.graph.agentIdentity'
            AgentIdentityBlueprint          = 'applications.microsoft.graph.agentIdentityBlueprint'
            AgentIdentityBlueprintPrincipal = 'servicePrincipals.microsoft.graph.agentIdentityBlueprintPrincipal'
            RoleDefinition                  = 'roleManagement.directory.roleDefinitions'
            RoleAssignment                  = 'roleManagement.directory.roleAssignments'
        }
        $config = [ordered]@{ ServicePrincipal = $true }
        foreach ($entity in $entities.GetEnumerator()) {
            $items = @(Select-SponsorId (Read-Set $entity.Value))
            Write-Page $entity.Key ([ordered]@{ '@odata.context' = "https://graph.microsoft.com/beta/`$metadata#$($entity.Value)"; value = $items })
            $config[$entity.Key] = $true
        }
        $config | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $export 'ztConfig.json') -Encoding utf8NoBOM
        [ordered]@{
            ExecutedAt = Get-Date; TenantId = (Get-Content -Raw (Join-Path $Sample 'manifest.json') | ConvertFrom-Json).tenantId; TenantName = 'Contoso'
            Domain = 'contoso.onmicrosoft.com'; Account = 'admin@contoso.onmicrosoft.com'; CurrentVersion = '2.6.0'; LatestVersion = '2.6.0'
            TestResultSummary = @{}; Tests = @(); TenantInfo = @{}; EndOfJson = 'EndOfJson'
        } | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath (Join-Path $export 'ZeroTrustAssessmentReport.json') -Encoding utf8NoBOM
        $root
    }

    # Results as comparable text; evidence JSON without its layout (the sample is indented, the pages are not).
    function ConvertTo-ResultText {
        param([Parameter(ValueFromPipeline)] $Result)
        process { '{0}|{1}|{2}|{3}|{4}' -f $Result.ControlId, $Result.ResourceId, $Result.Status, $Result.Reason, (($Result.Evidence -join ';') -replace '\s+', '') }
    }

    $script:ZtaOutput = New-ZtaExportOfSample
}

Describe 'Get-ZtaiAssessment on a Zero Trust Assessment output folder' {
    It 'judges every control whose data ZTA exports as on the sample, and skips the others naming what ZTA lacks' {
        $expected = @(Get-ZtaiAssessment -Snapshot $Sample) | Group-Object ControlId -AsHashTable -AsString
        $actual = @(Get-ZtaiAssessment -Snapshot $ZtaOutput) | Group-Object ControlId -AsHashTable -AsString
        $actual.Keys.Count | Should -Be $expected.Keys.Count

        $judged = 0
        $skipped = 0
        foreach ($controlId in $expected.Keys) {
            $results = @($actual[$controlId])
            $gaps = @($results | Where-Object { $_.Status -eq 'Skipped' -and $_.Reason -like "*($NotExported)*" })
            if ($gaps.Count -eq 0) {
                (@($results | ConvertTo-ResultText) -join "`n") | Should -Be (@($expected[$controlId] | ConvertTo-ResultText) -join "`n") -Because $controlId
                $judged++
            }
            elseif ($results.Count -eq 1) {
                $skipped++
            }
            else {
                # Judged on the directory data, with one Skipped result for targets only the Azure data would show.
                $gaps.Count | Should -Be 1 -Because $controlId
                $judgedResults = @($results | Where-Object { $_ -ne $gaps[0] } | ConvertTo-ResultText)
                $judgedResults.Count | Should -BeGreaterThan 0 -Because $controlId
                $judgedResults | Where-Object { $_ -notin @($expected[$controlId] | ConvertTo-ResultText) } | Should -BeNullOrEmpty -Because $controlId
                $judged++
            }
        }
        $judged | Should -BeGreaterThan 0
        $skipped | Should -BeGreaterThan 0
    }

    It 'skips a control that needs Azure resources, naming the set and why it is missing' {
        $control = Get-ZtaiControl | Where-Object { $_.RequiredData | Where-Object { $_ -like 'arm/*' } } | Select-Object -First 1
        $result = Get-ZtaiAssessment -Snapshot $ZtaOutput -ControlId $control.Id
        $result.Status | Should -Be 'Skipped'
        $result.Reason | Should -BeLike "arm/* was not collected ($NotExported)."
    }

    It 'reads the same from Import-ZtaiSnapshot, naming the tenant from the ZTA report' {
        $imported = Import-ZtaiSnapshot -Path $ZtaOutput
        $imported.TenantId | Should -Be (Import-ZtaiSnapshot -Path $Sample).TenantId
        $imported.TenantName | Should -Be 'Contoso'
        $imported.Manifest.ToolName | Should -Be 'ZeroTrustAssessment'
        $imported.Issues.Count | Should -Be 0
        (@(Get-ZtaiAssessment -Snapshot $imported | ConvertTo-ResultText) -join "`n") |
            Should -Be (@(Get-ZtaiAssessment -Snapshot $ZtaOutput | ConvertTo-ResultText) -join "`n")
    }
}
