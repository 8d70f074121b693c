BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:MetadataType = [ZeroTrustAI.Engine.Controls.ControlMetadata]
    $script:CommandType = 'ZeroTrustAI.PowerShell.Commands.GetZtaiControlCommand'
    $script:Catalog = @([ZeroTrustAI.Engine.Controls.ControlCatalog]::All | ForEach-Object Metadata)
}

Describe 'Get-ZtaiControl' {
    It 'declares ControlMetadata as its output type' {
        (Get-Command Get-ZtaiControl).OutputType.Type | Should -Contain $MetadataType
    }

    It 'returns the metadata of every control in the catalog, once each, ordered by id' {
        $controls = @(Get-ZtaiControl)
        $controls.Count | Should -Be $Catalog.Count
        foreach ($control in $controls) { $control | Should -BeOfType $MetadataType }
        ($controls.Id -join ',') | Should -Be (($Catalog.Id | Sort-Object { $_ } -CaseSensitive) -join ',')
        @($controls.Id | Sort-Object -Unique).Count | Should -Be $controls.Count
    }

    It 'carries what a reader needs: title, description, rationale, remediation and references' {
        foreach ($control in Get-ZtaiControl) {
            $control.Title | Should -Not -BeNullOrEmpty -Because $control.Id
            $control.Description | Should -Not -BeNullOrEmpty -Because $control.Id
            $control.Rationale | Should -Not -BeNullOrEmpty -Because $control.Id
            $control.Remediation | Should -Not -BeNullOrEmpty -Because $control.Id
            $control.References | Should -Not -BeNullOrEmpty -Because $control.Id
        }
    }

    It 'hands out metadata nothing can change: the next assessment judges as before' {
        $before = @(Get-ZtaiAssessment -Sample -ControlId 'ZTAI-AI-027' | ForEach-Object { "$($_.ResourceId)=$($_.Status)" })
        $control = Get-ZtaiControl 'ZTAI-AI-027'

        { $control.RequiredData = @() } | Should -Throw
        { $control.Severity = 'Low' } | Should -Throw
        { $control.RequiredData[0] = 'graph/nothing' } | Should -Throw
        { $control.References.Clear() } | Should -Throw

        (Get-ZtaiControl 'ZTAI-AI-027').RequiredData | Should -Contain 'arm/Microsoft.Authorization/roleAssignments'
        (Get-ZtaiControl 'ZTAI-AI-027').Severity | Should -Be $control.Severity
        @(Get-ZtaiAssessment -Sample -ControlId 'ZTAI-AI-027' | ForEach-Object { "$($_.ResourceId)=$($_.Status)" }) | Should -Be $before
    }

    It 'takes the id as the first positional parameter, with wildcards and ignoring case' {
        (Get-ZtaiControl 'ztai-ai-020').Id | Should -Be 'ZTAI-AI-020'
        $matched = @(Get-ZtaiControl 'ztai-ai-*')
        $matched.Id | Should -Contain 'ZTAI-AI-020'
        $matched.Count | Should -Be @($Catalog | Where-Object Id -Like 'ZTAI-AI-*').Count
    }

    It 'keeps only the controls of -Pillar <_>' -ForEach @('AI', 'Data', 'Network') {
        $expected = @($Catalog | Where-Object Pillar -EQ $_)
        $actual = @(Get-ZtaiControl -Pillar $_)
        ($actual.Id -join ',') | Should -Be (($expected.Id | Sort-Object) -join ',')
    }

    It 'keeps only the controls of -Principle <_>' -ForEach @('VerifyExplicitly', 'LeastPrivilege', 'AssumeBreach') {
        $expected = @($Catalog | Where-Object Principle -EQ $_)
        ((Get-ZtaiControl -Principle $_).Id -join ',') | Should -Be (($expected.Id | Sort-Object) -join ',')
    }

    It 'keeps only the controls of -Severity <_>' -ForEach @('Critical', 'High', 'Medium', 'Low', 'Informational') {
        $expected = @($Catalog | Where-Object Severity -EQ $_)
        ((Get-ZtaiControl -Severity $_).Id -join ',') | Should -Be (($expected.Id | Sort-Object) -join ',')
    }

    It 'combines filters: any value within one, all of them together' {
        $expected = @($Catalog | Where-Object { $_.Pillar -in 'AI', 'Network' -and $_.Principle -eq 'VerifyExplicitly' })
        $expected.Id | Should -Contain 'ZTAI-AI-020'
        ((Get-ZtaiControl -Pillar AI, Network -Principle VerifyExplicitly).Id -join ',') | Should -Be (($expected.Id | Sort-Object) -join ',')
    }

    It 'rejects a pillar that does not exist' {
        { Get-ZtaiControl -Pillar Identity } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
    }

    It 'reports an id without wildcards that names no control as ControlNotFound and returns the rest' {
        $controls = @(Get-ZtaiControl -Id 'ZTAI-AI-020', 'ZTAI-AI-999' -ErrorVariable errors -ErrorAction SilentlyContinue)
        $controls.Id | Should -Be 'ZTAI-AI-020'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be "ControlNotFound,$CommandType"
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'returns nothing, without an error, for a wildcard that matches no control' {
        @(Get-ZtaiControl -Id 'ZTAI-NONE-*' -ErrorVariable errors) | Should -BeNullOrEmpty
        $errors | Should -BeNullOrEmpty
    }

    It 'takes ids from the pipeline as strings' {
        (@('ZTAI-AI-020', 'ztai-ai-020') | Get-ZtaiControl).Id | Should -Be 'ZTAI-AI-020'
    }

    It 'takes the ControlId of assessment results from the pipeline, writing each control once' {
        $results = @(Get-ZtaiAssessment -Snapshot $MiniSnapshot -ControlId ZTAI-AI-020)
        $results.Count | Should -Be 2
        $controls = @($results | Get-ZtaiControl)
        $controls.Count | Should -Be 1
        $controls[0].Id | Should -Be 'ZTAI-AI-020'
    }

    It 'shows controls as a table of Id, Pillar, Principle, Severity and Title' {
        $text = Get-ZtaiControl ZTAI-AI-020 | Format-Table | Out-String -Width 250
        $text | Should -Match 'Id\s+Pillar\s+Principle\s+Severity\s+Title'
        $text | Should -Match 'ZTAI-AI-020\s+AI\s+VerifyExplicitly\s+High\s+AI services accept Entra ID only'
    }

    Context '-Coverage' {
        It 'returns every Workshop AI item once, each automated by the controls that map it or carrying the reason' {
            $items = @(Get-ZtaiControl -Coverage)
            $items.Count | Should -BeGreaterThan 0
            @($items.Id | Sort-Object -Unique).Count | Should -Be $items.Count
            foreach ($item in $items) {
                $item | Should -BeOfType ([ZeroTrustAI.Engine.Controls.Coverage.WorkshopCoverageItem])
                if ($item.Status -eq 'Automated') { $item.Controls | Should -Not -BeNullOrEmpty -Because $item.Id }
                else { $item.Reason | Should -Not -BeNullOrEmpty -Because $item.Id }
            }
            $mapped = @(Get-ZtaiControl | ForEach-Object { $_.Mappings.Workshop }) | Sort-Object -Unique
            @($items | Where-Object { $_.Controls.Count -gt 0 }).Id | Sort-Object | Should -Be ($mapped | Sort-Object)
        }

        It 'counts only the controls the filters select' {
            $all = @(Get-ZtaiControl -Coverage | Where-Object Status -eq Automated).Count
            $network = @(Get-ZtaiControl -Coverage -Pillar Network | Where-Object Status -eq Automated)
            $network.Count | Should -BeLessThan $all
            foreach ($item in $network) { $item.Controls | ForEach-Object { $_ | Should -Match '^ZTAI-NET-' } }
        }

        It 'declares both output types and shows a readable table' {
            (Get-Command Get-ZtaiControl).OutputType.Type | Should -Contain ([ZeroTrustAI.Engine.Controls.Coverage.WorkshopCoverageItem])
            (Get-ZtaiControl -Coverage | Select-Object -First 3 | Format-Table | Out-String) | Should -Match 'Status'
        }
    }
}
