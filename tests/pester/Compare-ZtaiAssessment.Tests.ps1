BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Folder = Join-Path $TestDrive 'runs'
    New-Item -ItemType Directory -Path $Folder | Out-Null

    # Two variants of the sample tenant's results, saved as JSON reports: the later one fixes the first failure,
    # breaks the first high-severity pass, and loses every result of the last control.
    $script:Reference = @(Get-ZtaiAssessment -Sample)
    $script:ReferencePath = Join-Path $Folder 'reference.json'
    $Reference | Export-ZtaiReport -Path $ReferencePath -Format Json

    $document = Get-Content -LiteralPath $ReferencePath -Raw | ConvertFrom-Json -Depth 20
    $script:DroppedControl = @($Reference.ControlId)[-1]
    $script:FixedOne = $document.results | Where-Object { $_.status -eq 'Fail' -and $_.controlId -ne $DroppedControl } | Select-Object -First 1
    $script:BrokenOne = $document.results | Where-Object { $_.status -eq 'Pass' -and $_.severity -eq 'High' -and $_.controlId -ne $DroppedControl } | Select-Object -First 1
    $FixedOne.status = 'Pass'
    $BrokenOne.status = 'Fail'
    $document.results = @($document.results | Where-Object controlId -NE $DroppedControl)
    $script:DifferencePath = Join-Path $Folder 'difference.json'
    $document | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $DifferencePath -Encoding utf8NoBOM

    # Runs the gate in a new pwsh, as a pipeline step would, and returns its exit code.
    function Invoke-Gate {
        param([string] $Arguments)
        $null = Invoke-ChildPwsh "Import-Module '$ModuleManifest'; Compare-ZtaiAssessment -Reference '$ReferencePath' -Difference '$DifferencePath' $Arguments | Out-Null" 2>&1
        $LASTEXITCODE
    }
}

Describe 'Compare-ZtaiAssessment' {
    Context 'declaration' {
        It 'declares ComparisonEntry as its output type and takes the later run from the pipeline' {
            $command = Get-Command Compare-ZtaiAssessment
            $command.OutputType.Type | Should -Contain ([ZeroTrustAI.Engine.Comparison.ComparisonEntry])
            $command.Parameters['Difference'].Attributes.Where({ $_ -is [Parameter] }).ValueFromPipeline | Should -BeTrue
        }
    }

    Context 'two variants of the sample' {
        BeforeAll {
            $script:Changes = @(Compare-ZtaiAssessment -Reference $ReferencePath -Difference $DifferencePath)
        }

        It 'lists the new failure, the fix, and the removed control and its targets' {
            @($Changes | Where-Object Change -EQ 'NewFailure' | ForEach-Object { "$($_.ControlId)|$($_.ResourceId)" }) | Should -Be @("$($BrokenOne.controlId)|$($BrokenOne.resourceId)")
            @($Changes | Where-Object Change -EQ 'Fixed' | ForEach-Object { "$($_.ControlId)|$($_.ResourceId)" }) | Should -Be @("$($FixedOne.controlId)|$($FixedOne.resourceId)")
            @($Changes | Where-Object Change -EQ 'ControlRemoved').ControlId | Should -Be $DroppedControl
            @($Changes | Where-Object Change -EQ 'Removed').Count | Should -Be @($Reference | Where-Object ControlId -EQ $DroppedControl).Count
        }

        It 'leaves unchanged targets out unless asked' {
            $Changes.Change | Should -Not -Contain 'Unchanged'
            $all = @(Compare-ZtaiAssessment -Reference $ReferencePath -Difference $DifferencePath -IncludeUnchanged)
            @($all | Where-Object Change -EQ 'Unchanged').Count | Should -Be (@($Reference | Where-Object ControlId -NE $DroppedControl).Count - 2)
        }

        It 'compares result objects piped in with a saved report alike' {
            $piped = @($Reference | Compare-ZtaiAssessment -Reference $ReferencePath)
            $piped.Count | Should -Be 0
        }

        It 'writes the comparison as a Markdown and a JSON report' {
            $markdown = Join-Path $Folder 'changes.md'
            $json = Join-Path $Folder 'changes.json'
            Compare-ZtaiAssessment -Reference $ReferencePath -Difference $DifferencePath -ReportPath $markdown | Out-Null
            Compare-ZtaiAssessment -Reference $ReferencePath -Difference $DifferencePath -ReportPath $json | Out-Null
            Get-Content -LiteralPath $markdown -Raw | Should -Match '### New failures \(1\)'
            (Get-Content -LiteralPath $json -Raw | ConvertFrom-Json).counts.NewFailure | Should -Be 1
        }
    }

    Context 'pipeline gate' {
        It 'ends with ComparisonGateFailed after writing its objects when -FailOn New finds a new failure' {
            $written = [System.Collections.Generic.List[object]]::new()
            { Compare-ZtaiAssessment -Reference $ReferencePath -Difference $DifferencePath -FailOn New | ForEach-Object { $written.Add($_) } } |
                Should -Throw -ErrorId (Get-ZtaiErrorId 'ComparisonGateFailed' 'Compare-ZtaiAssessment')
            $written.Count | Should -BeGreaterThan 0
        }

        It 'makes pwsh exit non-zero on a new failure and zero when there is none' {
            Invoke-Gate '-FailOn New' | Should -Not -Be 0
            $severityAbove = if ($BrokenOne.severity -eq 'High') { 'Critical' } else { 'High' }
            Invoke-Gate "-FailOn New -MinimumSeverity $severityAbove" | Should -Be 0
        }

        It 'with -FailOn Any fails on any failure of the later run, new or not' {
            { Compare-ZtaiAssessment -Reference $ReferencePath -Difference $ReferencePath -FailOn New } | Should -Not -Throw
            $null = Invoke-ChildPwsh "Import-Module '$ModuleManifest'; Compare-ZtaiAssessment -Reference '$ReferencePath' -Difference '$ReferencePath' -FailOn Any | Out-Null" 2>&1
            $LASTEXITCODE | Should -Not -Be 0
        }
    }

    Context 'errors' {
        It 'fails with ComparisonInputUnreadable for a file that is not a JSON report' {
            $bad = Join-Path $Folder 'bad.json'
            '{"Tests": []}' | Set-Content -LiteralPath $bad
            { Compare-ZtaiAssessment -Reference $bad -Difference $DifferencePath } |
                Should -Throw -ErrorId (Get-ZtaiErrorId 'ComparisonInputUnreadable' 'Compare-ZtaiAssessment')
        }

        It 'fails with ComparisonInputType for an object that is neither a result nor a path' {
            { Compare-ZtaiAssessment -Reference @(42) -Difference $DifferencePath } |
                Should -Throw -ErrorId (Get-ZtaiErrorId 'ComparisonInputType' 'Compare-ZtaiAssessment')
        }
    }
}
