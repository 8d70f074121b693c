BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Results = @(Get-ZtaiAssessment -Sample)

    # A Zero Trust Assessment 2.6 output folder made as ZTA makes it: the results object ([ordered], EndOfJson last)
    # through ConvertTo-Json -Depth 10 into zt-export/ZeroTrustAssessmentReport.json, and each HTML report from a
    # template whose demo object 'reportData={...EndOfJson:"EndOfJson"}' is cut out and replaced by
    # 'reportData= <json>' read back through Out-File/Get-Content, as Get-HtmlReport does.
    function New-ZtaOutput {
        $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $export = New-Item -ItemType Directory -Force -Path (Join-Path $root 'zt-export' 'ServicePrincipal')
        $tests = @(
            @{ TestId = 21770; TestTitle = 'Inactive applications don''t have privileged permissions'; TestStatus = 'Passed'; TestPillar = 'Identity'; TestSkipped = ''; SkippedReason = $null }
            @{ TestId = '21771'; TestTitle = "Apps <b>don`u{2019}t</b> have client secrets"; TestStatus = 'Failed'; TestPillar = 'Identity'; TestSkipped = ''; SkippedReason = $null }
            @{ TestId = '21772'; TestTitle = 'Workload ID licensed'; TestStatus = 'Skipped'; TestPillar = 'Identity'; TestSkipped = 'NotLicensedEntraWorkloadID'; SkippedReason = 'Not licensed.' }
            @{ TestId = '35001'; TestTitle = 'Sensitivity labels for AI'; TestStatus = 'Failed'; TestPillar = @('Data', 'AI'); TestSkipped = ''; SkippedReason = $null }
            @{ TestId = '61004'; TestTitle = 'Defender CSPM on every subscription'; TestStatus = 'Passed'; TestPillar = 'AI'; TestSkipped = ''; SkippedReason = $null }
            @{ TestId = '25533'; TestTitle = 'Network check'; TestStatus = 'Investigate'; TestPillar = 'Network'; TestSkipped = ''; SkippedReason = $null }
            @{ TestId = '21999'; TestTitle = 'Planned'; TestStatus = 'Planned'; TestPillar = $null; TestSkipped = 'UnderConstruction'; SkippedReason = 'Under construction.' }
        ) | ForEach-Object {
            $_ + @{ TestCategory = 'Application management'; TestRisk = 'High'; TestImpact = 'Low'; TestImplementationCost = 'Low'; TestSfiPillar = 'Protect engineering systems'
                TestMinimumLicense = 'P1'; TestTags = @('Application'); TestAppliesTo = @('Identity'); TestDescription = 'Why it matters.'; TestResult = "`n✅ Checked`n" }
        }
        $summary = [ordered]@{}
        foreach ($pillar in 'Identity', 'Devices', 'Network', 'Data', 'Infrastructure', 'SecOps', 'AI') {
            $summary["${pillar}Passed"] = @($tests).Where{ $_.TestPillar -eq $pillar -and $_.TestStatus -eq 'Passed' }.Count
            $summary["${pillar}Total"] = @($tests).Where{ $_.TestPillar -eq $pillar -and $_.TestStatus -notin 'Skipped', 'Planned' }.Count
        }
        $report = [PSCustomObject][ordered]@{
            ExecutedAt = Get-Date; TenantId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b'; TenantName = 'Contoso'; Domain = 'contoso.com'; Account = 'admin@contoso.com'
            CurrentVersion = '2.6.0'; LatestVersion = '2.6.0'; TestResultSummary = [PSCustomObject]$summary; Tests = @($tests)
            TenantInfo = [PSCustomObject]@{ OverviewCaMfaAllUsers = [PSCustomObject]@{ nodes = @(); description = 'Users → MFA' } }; EndOfJson = 'EndOfJson'
        }
        $json = $report | ConvertTo-Json -Depth 10
        $json | Set-Content -LiteralPath (Join-Path $root 'zt-export' 'ZeroTrustAssessmentReport.json') -Encoding utf8NoBOM
        $temp = Join-Path $root 'ZeroTrustAssessmentReportTemp.json'
        $json | Out-File -FilePath $temp
        $embedded = Get-Content -Path $temp -Raw
        Remove-Item -LiteralPath $temp
        # The page's own code is a stand-in for ZTA's app (which is not ours to ship): on the #/ai route it lists the
        # report's AI-pillar tests, as ZTA's AI page does, so a real browser shows what the re-embedded data gives it.
        $render = 'if(typeof location!=="undefined"&&location.hash==="#/ai"){const ul=document.createElement("ul");ul.id="ai-tests";for(const t of reportData.Tests.filter(t=>[].concat(t.TestPillar).includes("AI"))){const li=document.createElement("li");li.dataset.testId=String(t.TestId);li.textContent=t.TestTitle;ul.appendChild(li);}document.getElementById("root").appendChild(ul);}'
        $template = '<!DOCTYPE html><html><body><div id="root"></div><script type="module">var a=1;const reportData={ExecutedAt:"2026-01-01",Tests:[],EndOfJson:"EndOfJson"};' + $render + ';var REACT_LAZY_TYPE=Symbol.for("react.lazy");</script></body></html>'
        $start = $template.IndexOf('reportData={')
        $end = $template.IndexOf('EndOfJson:"EndOfJson"}') + 'EndOfJson:"EndOfJson"}'.Length
        foreach ($name in 'ZeroTrustAssessmentReport.html', 'ZeroTrustAssessmentReport-classic.html') {
            $template.Substring(0, $start) + "reportData= $embedded" + $template.Substring($end) | Set-Content -LiteralPath (Join-Path $root $name) -Encoding utf8NoBOM
        }
        '{"value": []}' | Set-Content -LiteralPath (Join-Path $export 'ServicePrincipal-0.json')
        $root
    }

    # The report JSON embedded in a ZTA HTML page: after 'reportData=', one JSON value.
    function Get-EmbeddedReport {
        param([string] $Path)
        $html = Get-Content -LiteralPath $Path -Raw
        $bytes = [Text.Encoding]::UTF8.GetBytes($html)
        $span = [ZeroTrustAI.Engine.Reporting.Zta.ZtaReportHtml]::FindReportData($bytes)
        [Text.Encoding]::UTF8.GetString($bytes, $span.Item1, $span.Item2) | ConvertFrom-Json -Depth 20
    }
}

Describe 'Merge-ZtaiZtaReport' {
    Context 'declaration' {
        It 'declares its output type, takes results from the pipeline and supports -WhatIf' {
            $command = Get-Command Merge-ZtaiZtaReport
            $command.OutputType.Type | Should -Contain ([ZeroTrustAI.Engine.Reporting.Zta.ZtaMergeOutcome])
            $command.Parameters['InputObject'].Attributes.Where({ $_ -is [Parameter] }).ValueFromPipeline | Should -BeTrue
            $command.Parameters.Keys | Should -Contain 'WhatIf'
        }
    }

    Context 'merging into a ZTA output folder' {
        BeforeAll {
            $script:Output = New-ZtaOutput
            $script:JsonPath = Join-Path $Output 'zt-export' 'ZeroTrustAssessmentReport.json'
            $script:Before = Get-Content -LiteralPath $JsonPath -Raw | ConvertFrom-Json -Depth 20
            $script:Outcome = $Results | Merge-ZtaiZtaReport -Path $Output
            $script:After = Get-Content -LiteralPath $JsonPath -Raw | ConvertFrom-Json -Depth 20
            $script:OurIds = @($Results.ControlId | Sort-Object -Unique)
        }

        It 'keeps every top-level field unchanged, in ZTA''s order, with EndOfJson last' {
            @($After.PSObject.Properties.Name) | Should -Be @($Before.PSObject.Properties.Name)
            @($After.PSObject.Properties.Name)[-1] | Should -Be 'EndOfJson'
            foreach ($name in $Before.PSObject.Properties.Name | Where-Object { $_ -notin 'Tests', 'TestResultSummary' }) {
                ($After.$name | ConvertTo-Json -Depth 20 -Compress) | Should -Be ($Before.$name | ConvertTo-Json -Depth 20 -Compress) -Because $name
            }
        }

        It 'keeps every original test unchanged and adds one test per control' {
            $originals = @($Before.Tests)
            $merged = @($After.Tests)
            $merged.Count | Should -Be ($originals.Count + $OurIds.Count)
            for ($i = 0; $i -lt $originals.Count; $i++) {
                ($merged[$i] | ConvertTo-Json -Depth 20 -Compress) | Should -Be ($originals[$i] | ConvertTo-Json -Depth 20 -Compress)
            }
            @($merged | Select-Object -Skip $originals.Count | ForEach-Object TestId | Sort-Object) | Should -Be $OurIds
            $Outcome.KeptTests | Should -Be $originals.Count
            $Outcome.AddedTests | Should -Be $OurIds.Count
        }

        It 'recomputes the summary per pillar as ZTA computes it' {
            foreach ($pillar in 'Identity', 'Devices', 'Network', 'Data', 'Infrastructure', 'SecOps', 'AI') {
                $After.TestResultSummary."${pillar}Passed" | Should -Be @($After.Tests).Where{ $_.TestPillar -eq $pillar -and $_.TestStatus -eq 'Passed' }.Count -Because $pillar
                $After.TestResultSummary."${pillar}Total" | Should -Be @($After.Tests).Where{ $_.TestPillar -eq $pillar -and $_.TestStatus -notin 'Skipped', 'Planned' }.Count -Because $pillar
            }
            $After.TestResultSummary.AITotal | Should -BeGreaterThan $Before.TestResultSummary.AITotal
        }

        It 're-embeds the merged report in both HTML pages, so ZTA''s AI page lists our AI tests' {
            foreach ($name in 'ZeroTrustAssessmentReport.html', 'ZeroTrustAssessmentReport-classic.html') {
                $page = Join-Path $Output $name
                $embedded = Get-EmbeddedReport $page
                $aiTests = @($embedded.Tests | Where-Object { $_.TestPillar -eq 'AI' } | ForEach-Object TestId)
                $aiTests | Should -Contain '61004'
                foreach ($id in $Results | Where-Object Pillar -EQ 'AI' | ForEach-Object ControlId | Sort-Object -Unique) { $aiTests | Should -Contain $id }
                $embedded.TestResultSummary.AITotal | Should -Be $After.TestResultSummary.AITotal
                (Get-Content -LiteralPath $page -Raw) | Should -Match ';var REACT_LAZY_TYPE=Symbol\.for\("react\.lazy"\);</script></body></html>'
            }
        }

        It 'leaves a page whose script a JavaScript engine runs, with our tests in its reportData' {
            # Node (which build.ps1 needs for npm) stands in for the browser: it runs the page's script as the page would.
            if (-not (Get-Command node -ErrorAction Ignore)) { Set-ItResult -Skipped -Because 'node is not installed'; return }
            $html = Get-Content -LiteralPath (Join-Path $Output 'ZeroTrustAssessmentReport.html') -Raw
            $script = [regex]::Match($html, '(?s)<script[^>]*>(.*)</script>').Groups[1].Value
            $probe = Join-Path $TestDrive 'probe.mjs'
            ($script + "`nconsole.log(JSON.stringify(reportData.Tests.filter(t => [].concat(t.TestPillar).includes('AI')).map(t => String(t.TestId))));") |
                Set-Content -LiteralPath $probe -Encoding utf8NoBOM
            $ids = node $probe | ConvertFrom-Json
            $LASTEXITCODE | Should -Be 0
            $ids | Should -Contain '61004'
            foreach ($id in $Results | Where-Object Pillar -EQ 'AI' | ForEach-Object ControlId | Sort-Object -Unique) { $ids | Should -Contain $id }
        }

        It 'shows our AI tests on the AI page of the merged report in headless Chromium' {
            # build.ps1 -Task Test installs Debian's chromium where it can (root with apt); elsewhere this is skipped.
            $chromium = Get-Command chromium, chromium-browser -CommandType Application -ErrorAction Ignore | Select-Object -First 1
            if (-not $chromium) { Set-ItResult -Skipped -Because 'Chromium is not installed'; return }
            $page = Join-Path $Output 'ZeroTrustAssessmentReport.html'
            $url = 'file://' + $(if ($page.StartsWith('/')) { '' } else { '/' }) + $page.Replace('\', '/') + '#/ai'
            $dom = (& $chromium.Source --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --dump-dom $url 2>$null) -join "`n"
            $shown = @([regex]::Matches($dom, 'data-test-id="([^"]+)"') | ForEach-Object { $_.Groups[1].Value })
            $shown | Should -Contain '61004'
            $ours = @($Results | Where-Object Pillar -EQ 'AI' | Sort-Object ControlId -Unique)
            $ours.Count | Should -BeGreaterThan 0
            foreach ($result in $ours) { $shown | Should -Contain $result.ControlId }
            $dom | Should -Match ([regex]::Escape([System.Net.WebUtility]::HtmlEncode($ours[0].Title)))
        }

        It 'keeps a backup of each file it replaced' {
            $Outcome.Backups.Count | Should -Be 3
            $Outcome.Backups | ForEach-Object { Test-Path -LiteralPath $_ | Should -BeTrue }
            (Get-Content -LiteralPath "$JsonPath.bak" -Raw | ConvertFrom-Json -Depth 20).Tests.Count | Should -Be @($Before.Tests).Count
        }

        It 'replaces its own tests when run again, never duplicating them' {
            $hash = (Get-FileHash -LiteralPath $JsonPath).Hash
            $again = $Results | Merge-ZtaiZtaReport -Path (Join-Path $Output 'zt-export')
            $again.ReplacedTests | Should -Be $OurIds.Count
            (Get-FileHash -LiteralPath $JsonPath).Hash | Should -Be $hash
            $ids = @((Get-Content -LiteralPath $JsonPath -Raw | ConvertFrom-Json -Depth 20).Tests.TestId)
            $ids.Count | Should -Be @($ids | Sort-Object -Unique).Count
        }
    }

    Context 'safety' {
        It 'writes nothing with -WhatIf' {
            $output = New-ZtaOutput
            $json = Join-Path $output 'zt-export' 'ZeroTrustAssessmentReport.json'
            $hash = (Get-FileHash -LiteralPath $json).Hash
            $Results | Merge-ZtaiZtaReport -Path $output -WhatIf
            (Get-FileHash -LiteralPath $json).Hash | Should -Be $hash
            Test-Path -LiteralPath "$json.bak" | Should -BeFalse
        }

        It 'fails with ZtaReportNotFound for a folder without a ZTA report' {
            $empty = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))
            { $Results | Merge-ZtaiZtaReport -Path $empty.FullName -ErrorAction Stop } |
                Should -Throw -ErrorId (Get-ZtaiErrorId 'ZtaReportNotFound' 'Merge-ZtaiZtaReport')
        }

        It 'fails with NotZtaReport and changes nothing when a file is not a ZTA report' {
            $output = New-ZtaOutput
            $json = Join-Path $output 'zt-export' 'ZeroTrustAssessmentReport.json'
            '{"results": []}' | Set-Content -LiteralPath $json
            $pages = Get-ChildItem -LiteralPath $output -Filter *.html | Get-FileHash
            { $Results | Merge-ZtaiZtaReport -Path $output -ErrorAction Stop } |
                Should -Throw -ErrorId (Get-ZtaiErrorId 'NotZtaReport' 'Merge-ZtaiZtaReport')
            Get-Content -LiteralPath $json -Raw | Should -Match '"results"'
            (Get-ChildItem -LiteralPath $output -Filter *.html | Get-FileHash).Hash | Should -Be $pages.Hash
        }
    }
}
